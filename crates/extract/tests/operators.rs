//! Operator, font and document-level behaviour on small PDFs built with lopdf.

mod support;

use deck_extract::{ExtractError, Options, extract};
use lopdf::{Dictionary, Object, Stream, dictionary};
use support::{Pdf, helvetica, lines, tiny_ttf, truetype};

fn one_font(content: &str) -> Vec<u8> {
    Pdf::new().font("F1", helvetica()).build(content)
}

#[test]
fn tj_places_text_with_standard14_widths() {
    let bytes = one_font("BT /F1 12 Tf 72 300 Td (Hello World) Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    let line = &doc.pages[0].lines[0];
    assert_eq!(line.text, "Hello World");
    assert_eq!(line.font.as_deref(), Some("Helvetica"));
    assert!((line.font_size - 12.0).abs() < 0.01);
    // Top-left frame: baseline at 400 - 300 = 100.
    assert!((line.bbox.x0 - 72.0).abs() < 0.5, "{:?}", line.bbox);
    assert!(line.bbox.y0 < 100.0 && line.bbox.y1 > 100.0, "{:?}", line.bbox);
    // AFM width of "Hello World" in Helvetica: 5167 / 1000 * 12.
    assert!((line.bbox.width() - 62.0).abs() < 0.5, "{:?}", line.bbox);
    assert!(line.gaps.iter().any(|g| g.space_glyph && g.is_break && g.at == 6));
}

#[test]
fn helvetica_without_widths_measures_gaps_from_afm() {
    // "Hello" is 2.278 em wide in Helvetica: 27.336 pt at 12 pt.
    let touching = one_font("BT /F1 12 Tf 72 300 Td (Hello) Tj 27.336 0 Td (World) Tj ET");
    assert_eq!(lines(&touching), ["HelloWorld"]);
    let spaced = one_font("BT /F1 12 Tf 72 300 Td (Hello) Tj 30.7 0 Td (World) Tj ET");
    assert_eq!(lines(&spaced), ["Hello World"]);
}

#[test]
fn tj_kerning_is_not_a_break_but_a_word_gap_is() {
    // A displacement of −150/1000 em (lopdf's extract_text would make it a space) on a
    // line that types its spaces is no break.
    let bytes = one_font("BT /F1 20 Tf 72 300 Td [(W) 80 (ork) -150 (ing) ( ) (hard)] TJ ET");
    assert_eq!(lines(&bytes), ["Working hard"]);
    // Without space glyphs, a 0.3 em displacement among touching letters is a break.
    let bytes = one_font("BT /F1 20 Tf 72 300 Td [(W) 80 (orking) -300 (hard) -280 (work)] TJ ET");
    assert_eq!(lines(&bytes), ["Working hard work"]);
}

#[test]
fn tz_scales_advances_horizontally() {
    let normal =
        extract(&one_font("BT /F1 10 Tf 10 300 Td (ABCD) Tj ET"), &Options::default()).unwrap();
    let half = extract(&one_font("BT /F1 10 Tf 50 Tz 10 300 Td (ABCD) Tj ET"), &Options::default())
        .unwrap();
    let (w1, w2) = (normal.pages[0].lines[0].bbox.width(), half.pages[0].lines[0].bbox.width());
    assert!((w2 * 2.0 - w1).abs() < 0.1, "{w1} {w2}");
    assert_eq!(half.pages[0].lines[0].text, "ABCD");
}

#[test]
fn tc_tracking_and_tw_word_spacing() {
    // Letter-spaced title: Tc adds 0.15 em after every glyph; words still come out whole.
    let tracked = one_font("BT /F1 20 Tf 3 Tc 72 300 Td [(TRACKED) -350 (TITLE)] TJ ET");
    assert_eq!(lines(&tracked), ["TRACKED TITLE"]);
    let narrow =
        extract(&one_font("BT /F1 10 Tf 10 300 Td (a b) Tj ET"), &Options::default()).unwrap();
    let wide = extract(&one_font("BT /F1 10 Tf 10 Tw 10 300 Td (a b) Tj ET"), &Options::default())
        .unwrap();
    let (w1, w2) = (narrow.pages[0].lines[0].bbox.width(), wide.pages[0].lines[0].bbox.width());
    assert!((w2 - w1 - 10.0).abs() < 0.1, "{w1} {w2}");
    assert_eq!(wide.pages[0].lines[0].text, "a b");
}

#[test]
fn td_tm_tstar_and_quote_make_lines_in_order() {
    let bytes = one_font(
        "BT /F1 12 Tf 14 TL 72 300 Td (first) Tj T* (second) Tj (third) ' 0 -14 Td (fourth) Tj ET \
         BT /F1 6 Tf 2 0 0 2 300 100 Tm (scaled) Tj ET",
    );
    let doc = extract(&bytes, &Options::default()).unwrap();
    let texts: Vec<&str> = doc.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["first", "second", "third", "fourth", "scaled"]);
    assert!((doc.pages[0].lines[4].font_size - 12.0).abs() < 0.01);
}

#[test]
fn cm_and_q_restore_the_graphics_state() {
    let bytes = one_font(
        "q 2 0 0 2 0 0 cm BT /F1 10 Tf 10 100 Td (Big) Tj ET Q BT /F1 10 Tf 10 50 Td (Small) Tj ET",
    );
    let doc = extract(&bytes, &Options::default()).unwrap();
    let by_text = |t: &str| doc.pages[0].lines.iter().find(|l| l.text == t).unwrap().font_size;
    assert!((by_text("Big") - 20.0).abs() < 0.01);
    assert!((by_text("Small") - 10.0).abs() < 0.01);
}

#[test]
fn form_xobjects_recurse_and_cycles_stop() {
    let mut pdf = Pdf::new().font("F1", helvetica());
    let font_id = match pdf.fonts.get(b"F1").unwrap() {
        Object::Reference(id) => *id,
        _ => unreachable!(),
    };
    let inner_id = pdf.doc.new_object_id();
    let outer_id = pdf.doc.new_object_id();
    let form = |content: &str, next: (u32, u16), name: &str| {
        let res = dictionary! { "Font" => dictionary! { "F1" => font_id }, "XObject" => dictionary! { name => next } };
        Object::Stream(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 600.into(), 400.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-100).into()], "Resources" => res },
            content.as_bytes().to_vec(),
        ))
    };
    // outer draws text and inner; inner draws text and outer again (a cycle).
    pdf.doc
        .objects
        .insert(outer_id, form("BT /F1 12 Tf 72 300 Td (outer) Tj ET /Fi Do", inner_id, "Fi"));
    pdf.doc
        .objects
        .insert(inner_id, form("BT /F1 12 Tf 72 300 Td (inner) Tj ET /Fo Do", outer_id, "Fo"));
    pdf.xobjects.set("Fo", outer_id);
    let bytes = pdf.build("/Fo Do");
    let doc = extract(&bytes, &Options::default()).unwrap();
    let texts: Vec<&str> = doc.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["outer", "inner"]);
    // The Matrix moved each level down by 100 pt.
    let ys: Vec<f32> = doc.pages[0].lines.iter().map(|l| l.bbox.y1).collect();
    assert!(ys[1] - ys[0] > 99.0, "{ys:?}");
    assert!(doc.warnings.iter().any(|w| w.kind == "form-cycle"), "{:?}", doc.warnings);
}

#[test]
fn form_depth_limit_is_enforced() {
    let mut pdf = Pdf::new().font("F1", helvetica());
    // A chain of 5 distinct forms, each drawing the next.
    let ids: Vec<(u32, u16)> = (0..5).map(|_| pdf.doc.new_object_id()).collect();
    for (i, id) in ids.iter().enumerate() {
        let res = match ids.get(i + 1) {
            Some(next) => dictionary! { "XObject" => dictionary! { "N" => *next } },
            None => Dictionary::new(),
        };
        let stream =
            Stream::new(dictionary! { "Subtype" => "Form", "Resources" => res }, b"/N Do".to_vec());
        pdf.doc.objects.insert(*id, Object::Stream(stream));
    }
    pdf.xobjects.set("N", ids[0]);
    let bytes = pdf.build("/N Do BT /F1 12 Tf 72 300 Td (after) Tj ET");
    let options = Options {
        limits: deck_extract::Limits { max_form_depth: 2, ..Default::default() },
        ..Default::default()
    };
    let doc = extract(&bytes, &options).unwrap();
    assert_eq!(doc.pages[0].text(), "after");
    assert!(doc.warnings.iter().any(|w| w.kind == "limit"));
}

#[test]
fn ops_limit_truncates_the_page_with_a_warning() {
    let content = "q Q ".repeat(100) + "BT /F1 12 Tf 72 300 Td (late) Tj ET";
    let options = Options {
        limits: deck_extract::Limits { max_ops_per_page: 50, ..Default::default() },
        ..Default::default()
    };
    let doc = extract(&one_font(&content), &options).unwrap();
    assert!(doc.pages[0].lines.is_empty());
    assert!(doc.warnings.iter().any(|w| w.kind == "limit"));
}

fn type0_font(pdf: &mut Pdf) -> Dictionary {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0001> <0048> <0002> <0069> <0003> <0020> endbfchar
1 beginbfrange <0010> <0011> [<00660069> <00E5>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";
    let tu = pdf.doc.add_object(Stream::new(Dictionary::new(), cmap.to_vec()));
    let desc = pdf.doc.add_object(
        dictionary! { "Type" => "FontDescriptor", "FontName" => "XYZABC+Noto-Bold", "Flags" => 4 },
    );
    let cid = pdf.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "XYZABC+Noto-Bold",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => desc, "DW" => 500,
        "W" => vec![1.into(), vec![700.into(), 300.into(), 250.into()].into(), 16.into(), 17.into(), 550.into()],
    });
    dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "XYZABC+Noto-Bold", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()], "ToUnicode" => tu,
    }
}

#[test]
fn type0_identity_h_with_tounicode() {
    let mut pdf = Pdf::new();
    let font = type0_font(&mut pdf);
    let bytes = pdf.font("F1", font).build("BT /F1 10 Tf 72 300 Td <00010002000300100011> Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    let line = &doc.pages[0].lines[0];
    // The fi ligature expands; NFC keeps å composed.
    assert_eq!(line.text, "Hi fiå");
    assert!(line.bold);
    assert_eq!(line.font.as_deref(), Some("Noto-Bold"));
    // /W widths: 700 + 300 + 250 + 550 + 550 = 2.35 em at 10 pt.
    assert!((line.bbox.width() - 23.5).abs() < 0.1, "{:?}", line.bbox);
}

#[test]
fn differences_and_unmapped_codes() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![1.into(), "oslash".into(), "uni00E6".into(), "g123".into()] },
    };
    let bytes =
        Pdf::new().font("F1", font).build("BT /F1 12 Tf 72 300 Td (bl\\001b\\002r\\003) Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    assert_eq!(doc.pages[0].lines[0].text, "bløbær");
    assert!(doc.warnings.iter().any(|w| w.kind == "unmapped-glyph"), "{:?}", doc.warnings);
}

#[test]
fn separately_drawn_accents_compose() {
    // LaTeX draws "Gård" as G, a ring accent placed over the a, then a, r, d.
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => dictionary! { "Differences" => vec![1.into(), "ring".into()] },
    };
    // G = 0.722 em; ring (0.333 em) is centred over a (0.444 em): start at G + 0.056 em,
    // then back to the a: −0.389 em.
    let bytes = Pdf::new()
        .font("F1", font)
        .build("BT /F1 10 Tf 72 300 Td [(G) -56 (\\001) 389 (ard)] TJ ET");
    assert_eq!(lines(&bytes), ["Gård"]);
}

#[test]
fn rotated_page_is_read_in_its_display_frame() {
    let bytes = Pdf::new()
        .font("F1", helvetica())
        .page_entry("Rotate", 90.into())
        .build("BT /F1 12 Tf 0 1 -1 0 300 72 Tm (Rotated text) Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    let page = &doc.pages[0];
    assert_eq!((page.width, page.height), (400.0, 600.0));
    assert_eq!(page.lines[0].text, "Rotated text");
    // Text running up the unrotated page runs left to right once the page is turned.
    let bbox = page.lines[0].bbox;
    assert!(bbox.width() > bbox.height(), "{bbox:?}");
    assert!((bbox.x0 - 72.0).abs() < 0.5, "{bbox:?}");
}

#[test]
fn side_by_side_boxes_are_not_glued() {
    let bytes = one_font(
        "BT /F1 20 Tf 50 300 Td (Oversikt) Tj ET BT /F1 20 Tf 330 300 Td (Bakgrunn) Tj ET \
         BT /F1 12 Tf 50 270 Td (left body) Tj ET BT /F1 12 Tf 330 270 Td (right body) Tj ET",
    );
    assert_eq!(lines(&bytes), ["Oversikt", "left body", "Bakgrunn", "right body"]);
}

#[test]
fn actual_text_replaces_drawn_glyphs() {
    let bytes =
        one_font("BT /F1 12 Tf 72 300 Td /Span << /ActualText (fi) >> BDC (X) Tj EMC (ne) Tj ET");
    assert_eq!(lines(&bytes), ["fine"]);
}

#[test]
fn invisible_text_counts_only_when_alone() {
    let ocr = one_font("BT 3 Tr /F1 12 Tf 72 300 Td (scanned words) Tj ET");
    assert_eq!(lines(&ocr), ["scanned words"]);
    let mixed = one_font("BT 3 Tr /F1 12 Tf 72 300 Td (hidden) Tj 0 Tr 0 -40 Td (shown) Tj ET");
    assert_eq!(lines(&mixed), ["shown"]);
}

#[test]
fn inline_images_are_skipped() {
    let bytes = one_font(
        "q BI /W 4 /H 1 /BPC 8 /CS /G ID \u{1}EI\u{2}\u{3} EI Q BT /F1 12 Tf 72 300 Td (after image) Tj ET",
    );
    assert_eq!(lines(&bytes), ["after image"]);
}

/// Narrowed /Widths for 'r' and 'k', each followed by the displacement that restores
/// the real advance: the page renders right, and so must the text.
fn narrowed_deck(embed: bool, space_glyphs: bool) -> Vec<u8> {
    narrowed_deck_by(embed, space_glyphs, 120)
}

fn narrowed_deck_by(embed: bool, space_glyphs: bool, r_deficit: i64) -> Vec<u8> {
    let real = |c: char| if c == ' ' { 250 } else { 500 };
    let declared = |code: u8| match code {
        b'r' => 500 - r_deficit,
        b'k' => 430,
        b' ' => 250,
        _ => 500,
    };
    let mut pdf = Pdf::new();
    let font = truetype(&mut pdf, declared, embed.then(|| tiny_ttf(real)));
    let mut tj = String::new();
    for (i, word) in
        ["arbeid", "for", "norsk", "kultur", "rik", "barn", "grunn", "verden"].iter().enumerate()
    {
        if i > 0 {
            // Word break: a space glyph, or a 0.27 em displacement.
            tj.push_str(if space_glyphs { "( ) " } else { "-270 " });
        }
        for c in word.chars() {
            tj.push_str(&format!("({c}) "));
            match c {
                'r' => tj.push_str(&format!("-{r_deficit} ")),
                'k' => tj.push_str("-70 "),
                _ => {}
            }
        }
    }
    pdf = pdf.font("F1", font);
    pdf.build(&format!("BT /F1 14 Tf 1 0 0 1 20 300 Tm [{tj}] TJ ET"))
}

#[test]
fn narrowed_widths_do_not_split_words_with_embedded_program() {
    assert_eq!(
        lines(&narrowed_deck(true, true)),
        ["arbeid for norsk kultur rik barn grunn verden"]
    );
    assert_eq!(
        lines(&narrowed_deck(true, false)),
        ["arbeid for norsk kultur rik barn grunn verden"]
    );
}

#[test]
fn narrowed_widths_with_space_glyphs_need_no_program() {
    // Without the program the compensation gaps stay, but a line that types its spaces
    // does not break words at gaps well below a space width.
    let doc = extract(&narrowed_deck(false, true), &Options::default()).unwrap();
    let line = &doc.pages[0].lines[0];
    assert_eq!(line.text, "arbeid for norsk kultur rik barn grunn verden");
    // 'r' recurs often enough for its compensation to be learned (no gap left); 'k'
    // (once inside a word) keeps its measured gap for repair to weigh.
    assert!(line.gaps.iter().all(|g| g.is_break || (g.em - 0.07).abs() < 0.01), "{:?}", line.gaps);
    assert!(line.gaps.iter().any(|g| !g.is_break && (g.em - 0.07).abs() < 0.01), "{:?}", line.gaps);
}

#[test]
fn garbage_and_truncated_input_give_errors_not_panics() {
    let err = extract(b"definitely not a pdf", &Options::default()).unwrap_err();
    assert!(matches!(err, ExtractError::Malformed(_)), "{err:?}");
    assert!(extract(b"", &Options::default()).is_err());
    let good = one_font("BT /F1 12 Tf 72 300 Td (Hello) Tj ET");
    for cut in [10, good.len() / 3, good.len() / 2, good.len() - 30] {
        let _ = extract(&good[..cut], &Options::default());
    }
    // Flipped bytes all over a valid file.
    for step in [7usize, 13, 31] {
        let mut bad = good.clone();
        for i in (0..bad.len()).step_by(step) {
            bad[i] ^= 0x5a;
        }
        let _ = extract(&bad, &Options::default());
    }
}

#[test]
fn metadata_is_read_and_dates_normalised() {
    let mut pdf = Pdf::new().font("F1", helvetica());
    let info = pdf.doc.add_object(dictionary! {
        "Title" => Object::string_literal("Årsrapport"),
        "Author" => Object::String(b"\xfe\xff\x00K\x00a\x00r\x00i".to_vec(), lopdf::StringFormat::Literal),
        "CreationDate" => Object::string_literal("D:20240131120000+01'00'"),
    });
    pdf.doc.trailer.set("Info", info);
    let bytes = pdf.build("BT /F1 12 Tf 72 300 Td (x) Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    assert_eq!(doc.metadata.author.as_deref(), Some("Kari"));
    assert_eq!(doc.metadata.created.as_deref(), Some("2024-01-31T12:00:00+01:00"));
    assert!(doc.metadata.title.is_some());
}

#[test]
fn deflate_bombs_stop_at_the_stream_limit() {
    let mut pdf = Pdf::new().font("F1", helvetica());
    // 8 MiB of spaces compresses to a few KiB.
    let mut big = Stream::new(Dictionary::new(), vec![b' '; 8 << 20]);
    big.compress().unwrap();
    let bomb = pdf.doc.add_object(big);
    let text = pdf.doc.add_object(Stream::new(
        Dictionary::new(),
        b"BT /F1 12 Tf 72 300 Td (kept) Tj ET".to_vec(),
    ));
    pdf = pdf.page_entry("Contents", vec![text.into(), bomb.into()].into());
    let bytes = pdf.build("");
    let options = Options {
        limits: deck_extract::Limits { max_stream_bytes: 1 << 20, ..Default::default() },
        ..Default::default()
    };
    let doc = extract(&bytes, &options).unwrap();
    assert_eq!(doc.pages[0].text(), "kept");
    assert!(doc.warnings.iter().any(|w| w.kind == "limit"), "{:?}", doc.warnings);
}

#[test]
fn widget_appearance_text_is_page_text() {
    let mut pdf = Pdf::new().font("F1", helvetica());
    let font_id = match pdf.fonts.get(b"F1").unwrap() {
        Object::Reference(id) => *id,
        _ => unreachable!(),
    };
    let ap = pdf.doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 20.into()],
                      "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } } },
        b"/Tx BMC BT /F1 10 Tf 2 5 Td (Alice) Tj ET EMC".to_vec(),
    ));
    let widget = pdf.doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "F" => 4,
        "Rect" => vec![300.into(), 100.into(), 400.into(), 120.into()], "AP" => dictionary! { "N" => ap },
    });
    let hidden = pdf.doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "F" => 2,
        "Rect" => vec![300.into(), 50.into(), 400.into(), 70.into()], "AP" => dictionary! { "N" => ap },
    });
    pdf = pdf.page_entry("Annots", vec![widget.into(), hidden.into()].into());
    let bytes = pdf.build("BT /F1 10 Tf 72 300 Td (Name:) Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    let texts: Vec<&str> = doc.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["Name:", "Alice"]);
    // Placed at the annotation rectangle: x 302, baseline 400 - 105 = 295.
    let alice = &doc.pages[0].lines[1];
    assert!(
        (alice.bbox.x0 - 302.0).abs() < 0.5 && alice.bbox.y0 < 295.0 && alice.bbox.y1 > 295.0,
        "{:?}",
        alice.bbox
    );
}

#[test]
fn narrowed_widths_without_program_or_space_glyphs() {
    // 'r' 0.12 em narrow, words 0.27 em apart: the line's own gap statistics separate them.
    let doc = extract(&narrowed_deck(false, false), &Options::default()).unwrap();
    assert_eq!(doc.pages[0].lines[0].text, "arbeid for norsk kultur rik barn grunn verden");
}

#[test]
fn recurring_compensation_is_learned_without_a_font_program() {
    // 'r' declared 0.22 em narrow (almost a space width), always followed by the
    // displacement that restores it; words are typed as space glyphs. Only the
    // document-level statistics (the same gap after every 'r') can tell.
    let doc = extract(&narrowed_deck_by(false, true, 220), &Options::default()).unwrap();
    assert_eq!(doc.pages[0].lines[0].text, "arbeid for norsk kultur rik barn grunn verden");
    // And the program, when embedded, says the same.
    assert_eq!(
        lines(&narrowed_deck_by(true, true, 220)),
        ["arbeid for norsk kultur rik barn grunn verden"]
    );
}

#[test]
fn text_outside_the_visible_box_is_dropped() {
    let bytes = Pdf::new()
        .font("F1", helvetica())
        .page_entry("CropBox", vec![0.into(), 0.into(), 300.into(), 400.into()].into())
        .build("BT /F1 12 Tf 72 300 Td (inside) Tj ET BT /F1 12 Tf 400 300 Td (outside) Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    assert_eq!(doc.pages[0].width, 300.0);
    assert_eq!(doc.pages[0].text(), "inside");
}

#[test]
fn overprinted_text_is_deduplicated_but_double_letters_stay() {
    // Fake bold: the same run drawn twice, 0.3 pt apart.
    let bytes = one_font(
        "BT /F1 12 Tf 72 300 Td (skiing all) Tj ET BT /F1 12 Tf 72.3 300 Td (skiing all) Tj ET",
    );
    assert_eq!(lines(&bytes), ["skiing all"]);
}

#[test]
fn superscripts_stay_on_their_line() {
    let bytes = one_font(
        "BT /F1 12 Tf 72 300 Td (E = mc) Tj /F1 7 Tf 4 Ts (2) Tj /F1 12 Tf 0 Ts ( holds) Tj ET BT /F1 12 Tf 72 280 Td (next line) Tj ET",
    );
    assert_eq!(lines(&bytes), ["E = mc2 holds", "next line"]);
}

#[test]
fn identity_v_text_runs_down_the_page() {
    let mut pdf = Pdf::new();
    let mut font = type0_font(&mut pdf);
    font.set("Encoding", "Identity-V");
    let bytes = pdf.font("F1", font).build("BT /F1 10 Tf 300 350 Td <000100020002> Tj ET");
    let doc = extract(&bytes, &Options::default()).unwrap();
    let line = &doc.pages[0].lines[0];
    assert_eq!(line.text, "Hii");
    // Three glyphs of one em each, downwards: taller than wide.
    assert!(line.bbox.height() > 25.0 && line.bbox.width() < 15.0, "{:?}", line.bbox);
}

#[test]
fn lost_xref_table_is_rebuilt_with_a_warning() {
    let good = one_font("BT /F1 12 Tf 72 300 Td (Recovered text) Tj ET");
    // Cut the file before its cross-reference section (a table or a stream, whichever
    // lopdf wrote): nothing tells where the objects are.
    let table = good
        .windows(5)
        .rposition(|w| w == b"\nxref")
        .or_else(|| good.windows(9).rposition(|w| w == b"startxref"))
        .unwrap();
    let doc = extract(&good[..table], &Options::default()).unwrap();
    assert_eq!(doc.text(), "Recovered text\n\u{c}");
    assert!(doc.warnings.iter().any(|w| w.kind == "broken-xref"), "{:?}", doc.warnings);
}

/// A file without its `%PDF-` header still reads, as in poppler, MuPDF and pdf.js
/// (pdf.js keeps such a case): the objects are rebuilt by scanning.
#[test]
fn missing_header_reads_the_objects() {
    let bytes = one_font("BT /F1 12 Tf 72 300 Td (No header here) Tj ET");
    let header = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    assert!(bytes.starts_with(b"%PDF-"));
    let doc = extract(&bytes[header..], &Options::default()).unwrap();
    assert_eq!(doc.pages[0].lines[0].text, "No header here");
    // Bytes that are no PDF at all stay an error.
    assert!(extract(b"plain text, no objects", &Options::default()).is_err());
}
