//! Classifies text into topics, with scores and evidence; detects its language.
