//! Turns pages of lines into titled sections of blocks.
