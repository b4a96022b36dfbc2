//! The HTML report in a real browser: headless Chromium loads a fixture report,
//! runs its script, and we check the DOM and take a screenshot. Skips where
//! Chromium is absent (`.ci/run` installs Debian's chromium).

use std::path::Path;
use std::process::Command;

use deck_tests::{cli, root};

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

fn headless(browser: &str, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=3000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn report_renders_in_a_browser_with_boxes_repairs_and_no_errors() {
    let deck = root().join("fixtures/decks");
    let pdf = std::fs::read_dir(&deck)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "pdf") && p.to_string_lossy().contains("narrow")
        })
        .min()
        .expect("a narrow-widths fixture deck");
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = cli(&["inspect", pdf.to_str().unwrap(), "--output", html.to_str().unwrap()], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&html).unwrap();
    let boxes = text.matches("<rect class=\"line ").count();
    assert!(boxes > 5, "line boxes: {boxes}");
    assert!(!text.contains("src=\"http") && !text.contains("href=\"http"), "no external assets");

    let Some(browser) = chromium() else {
        eprintln!("skipped the browser part: chromium is not installed");
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", html.display());
    let dom = headless(browser, profile.path()).arg("--dump-dom").arg(&url).output().unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-ready=\"1\""), "the report's script ran");
    assert!(!dom.contains("data-errors"), "script errors in the page");
    assert_eq!(dom.matches("<rect class=\"line ").count(), boxes, "every line box is in the DOM");
    assert_eq!(
        dom.matches("<del>").count(),
        text.matches("<del>").count(),
        "every repair is highlighted"
    );

    let shot = dir.path().join("shot.png");
    let status = headless(browser, profile.path())
        .arg("--window-size=1400,1000")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "a real screenshot");
    if let Ok(keep) = std::env::var("DECK_INGEST_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
