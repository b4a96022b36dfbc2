//! Repairs broken letter spacing in text, from geometry and language evidence.
