//! Where pages draw raster images and which URI links they carry (`Page::images`,
//! `Page::links`), in the top-left page frame.

mod support;

use deck_extract::{Options, extract};
use deck_layout::{Page, Rect};
use lopdf::{Object, Stream, dictionary};
use support::{Pdf, helvetica};

fn page(bytes: &[u8]) -> Page {
    extract(bytes, &Options::default()).unwrap().pages.remove(0)
}

fn close(a: &Rect, b: &Rect) -> bool {
    [(a.x0, b.x0), (a.y0, b.y0), (a.x1, b.x1), (a.y1, b.y1)]
        .iter()
        .all(|(p, q)| (p - q).abs() < 0.01)
}

/// An image XObject whose data is not a decodable image: only its dictionary may be read.
fn image(pdf: &mut Pdf, name: &str) {
    let dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 2,
        "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
    };
    let id = pdf.doc.add_object(Stream::new(dict, b"not a jpeg".to_vec()));
    pdf.xobjects.set(name, id);
}

#[test]
fn image_xobjects_map_the_unit_square_through_the_ctm() {
    let mut pdf = Pdf::new().font("F1", helvetica());
    image(&mut pdf, "Im1");
    let p = page(&pdf.build(
        "q 200 0 0 100 50 60 cm /Im1 Do Q q 0 -30 40 0 500 390 cm /Im1 Do Q \
         BT /F1 12 Tf 72 300 Td (caption) Tj ET",
    ));
    assert_eq!(p.images.len(), 2, "{:?}", p.images);
    // 600 × 400 page: y runs down from the top, so user y 60..160 is 240..340.
    assert!(close(&p.images[0], &Rect::new(50.0, 240.0, 250.0, 340.0)), "{:?}", p.images[0]);
    // A rotated placement: the unit square's image is still its bounding box.
    assert!(close(&p.images[1], &Rect::new(500.0, 10.0, 540.0, 40.0)), "{:?}", p.images[1]);
    assert_eq!(p.lines.len(), 1);
}

#[test]
fn inline_images_and_images_inside_forms_count() {
    let mut pdf = Pdf::new();
    image(&mut pdf, "Im1");
    let im = match pdf.xobjects.get(b"Im1").unwrap() {
        Object::Reference(id) => *id,
        _ => unreachable!(),
    };
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Matrix" => vec![2.into(), 0.into(), 0.into(), 2.into(), 100.into(), 0.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "I" => im } },
        },
        b"q 10 0 0 20 5 5 cm /I Do Q".to_vec(),
    );
    let form_id = pdf.doc.add_object(form);
    pdf.xobjects.set("Fm", form_id);
    let p =
        page(&pdf.build("q 30 0 0 10 0 0 cm BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\x7f EI Q /Fm Do"));
    assert_eq!(p.images.len(), 2, "{:?}", p.images);
    assert!(close(&p.images[0], &Rect::new(0.0, 390.0, 30.0, 400.0)), "{:?}", p.images[0]);
    // Form matrix (×2, +100 x) after the image's own cm: x 110..130, y 10..50 → 350..390.
    assert!(close(&p.images[1], &Rect::new(110.0, 350.0, 130.0, 390.0)), "{:?}", p.images[1]);
}

#[test]
fn images_are_clipped_to_the_page_and_forms_are_not_images() {
    let mut pdf = Pdf::new();
    image(&mut pdf, "Im1");
    let form = Stream::new(dictionary! { "Subtype" => "Form" }, Vec::new());
    let form_id = pdf.doc.add_object(form);
    pdf.xobjects.set("Fm", form_id);
    let p = page(
        &pdf.build("q 100 0 0 100 550 -50 cm /Im1 Do Q q 50 0 0 50 700 100 cm /Im1 Do Q /Fm Do"),
    );
    // The first hangs over the right and bottom edges; the second is wholly outside.
    assert_eq!(p.images, [Rect::new(550.0, 350.0, 600.0, 400.0)]);
}

#[test]
fn images_follow_the_crop_box_and_rotation() {
    let mut pdf =
        Pdf::new().page_entry("CropBox", vec![100.into(), 0.into(), 600.into(), 400.into()].into());
    image(&mut pdf, "Im1");
    let p = page(&pdf.page_entry("Rotate", 90.into()).build("q 50 0 0 20 150 10 cm /Im1 Do Q"));
    // Visible box 500 × 400, turned a quarter clockwise: 400 wide, 500 high.
    assert_eq!((p.width, p.height), (400.0, 500.0));
    // (x, y) in the crop box's frame becomes (y, x) after a 90° turn.
    assert!(close(&p.images[0], &Rect::new(10.0, 50.0, 30.0, 100.0)), "{:?}", p.images);
}

#[test]
fn uri_link_annotations_become_links() {
    let mut pdf = Pdf::new().font("F1", helvetica());
    let uri = pdf.doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "Rect" => vec![72.into(), 290.into(), 200.into(), 310.into()],
        "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.org/a?b=1") },
    });
    let action = pdf.doc.add_object(dictionary! {
        "S" => "URI", "URI" => Object::string_literal("mailto:someone@example.org"),
    });
    let indirect_action = pdf.doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "Rect" => vec![300.into(), 50.into(), 250.into(), 20.into()], "A" => action,
    });
    let goto = pdf.doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "A" => dictionary! { "S" => "GoTo", "D" => vec![Object::Integer(0)] },
    });
    let text = pdf.doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Text",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://not.a.link/") },
    });
    pdf = pdf.page_entry(
        "Annots",
        vec![uri.into(), goto.into(), text.into(), indirect_action.into()].into(),
    );
    let p = page(&pdf.build("BT /F1 12 Tf 72 300 Td (example.org) Tj ET"));
    let urls: Vec<&str> = p.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["https://example.org/a?b=1", "mailto:someone@example.org"]);
    assert!(close(&p.links[0].bbox, &Rect::new(72.0, 90.0, 200.0, 110.0)), "{:?}", p.links[0]);
    // Corners in any order are normalised.
    assert!(close(&p.links[1].bbox, &Rect::new(250.0, 350.0, 300.0, 380.0)), "{:?}", p.links[1]);
    assert!(p.images.is_empty());
}
