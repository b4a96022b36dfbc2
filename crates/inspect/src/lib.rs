//! Renders a self-contained HTML report of what was extracted, repaired and classified.
//!
//! Overview: [`render`] takes a [`Report`] (the repaired page model, the deck's
//! structure, the section records and the repairs) and returns one HTML file with
//! no external assets: inline CSS, inline JS, page images as data URIs. Each page
//! is an SVG in page coordinates with one box per text line, coloured by the kind
//! of block the line ended up in; hovering or clicking a line shows its raw and
//! repaired text, font size and measured gaps. [`render_index`] lists many reports.
//!
//! The crate does no I/O: the caller renders page images (e.g. with pdftoppm) and
//! writes the file.

mod html;

pub use html::{IndexEntry, render, render_index};

/// Everything a report shows.
pub struct Report<'a> {
    /// The file's name as shown in the report.
    pub name: &'a str,
    /// The page model after repair (`Line::raw` holds the text before repair).
    pub document: &'a deck_layout::Document,
    /// The deck's structure.
    pub deck: &'a deck_structure::Deck,
    /// The section records (titles, pages, topics).
    pub sections: &'a [deck_records::SectionRecord],
    /// Every repair edit, applied or not.
    pub repairs: &'a [deck_records::Repair],
    /// Per page (index = page number − 1), a rendered image as a `data:` URI.
    pub backgrounds: &'a [Option<String>],
}
