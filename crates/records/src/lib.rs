//! The versioned JSON record types, their JSON Schema and JSON Lines writers.
