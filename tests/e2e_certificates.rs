//! A certificate printed to PDF and read back. WebKitGTK's print dialog
//! cannot be driven, so the same page is printed by headless Chromium (the
//! WebDriver "print page" command) from the LAN host serving the UI: the
//! organizer logs in, opens the results (导出 ▾ / 打印 ▾ / 打开大屏), opens
//! 打印 ▾ → 奖状 with the keyboard, is asked for the issuing unit in place,
//! prints; `pdftotext` reads the PDF back for the date in Chinese numerals,
//! the unit and the 证书编号, and `pdftoppm` renders the first page for
//! people to look at. Then 套打: text only, the offsets saved, the test
//! print on its millimetre grid.
//!
//! Needs chromium, chromium-driver and poppler-utils (scripts/deps.sh test).

use crate::browser::{chromium, start_chromedriver};
use crate::contests::{finished_contest, ContestFixture};
use crate::util::strip_ws;
use crate::webdriver::{fill, fits_from_1024_to_1920, press, shot, text_of, wait_css, ENTER};
use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintOrientation, PrintSize};
use fantoccini::{Client, Locator};
use lawquiz::host::{Host, HostConfig};
use lawquiz::service::Service;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&dir).expect("target/e2e");
    dir
}

/// The page as Chromium prints it: A4 landscape, no margin, backgrounds on.
async fn print_pdf(c: &Client, name: &str) -> (PathBuf, String) {
    let cfg = PrintConfiguration::builder()
        .orientation(PrintOrientation::Landscape)
        .size(PrintSize { width: 21.0, height: 29.7 })
        .margins(PrintMargins { top: 0.0, bottom: 0.0, left: 0.0, right: 0.0 })
        .background(true)
        .shrink_to_fit(false)
        .build()
        .expect("print configuration");
    let pdf = c.print(cfg).await.expect("Chromium prints the page to PDF");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let path = out_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, &pdf).expect("save the PDF");
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils: scripts/deps.sh test installs it)");
    assert!(out.status.success(), "pdftotext reads the PDF");
    // The first page as an image, to look at.
    let png = out_dir().join(format!("{name}-page1"));
    let shown = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm");
    assert!(shown.success(), "pdftoppm renders the first page");
    (path, String::from_utf8_lossy(&out.stdout).into_owned())
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap_or_else(|| panic!("pdfinfo: {info}"));
    line.trim_start_matches("Pages:").trim().parse().expect("page count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_printed_to_pdf_reads_back_the_date_the_unit_and_the_number() {
    let ContestFixture { f, org, id } = finished_contest();
    let numbers: Vec<(String, String)> = f
        .svc
        .contest_results(&org, id)
        .expect("results")
        .ranking
        .iter()
        .filter_map(|r| Some((r.name.clone(), r.certificate_no.clone()?)))
        .collect();
    assert_eq!(numbers.len(), 2, "two prize winners");
    // The host serves the same database file (a second connection).
    let svc = Arc::new(Service::open(&f.db.path).expect("service"));
    let host = Host::start(svc.clone(), HostConfig::new("127.0.0.1:0".parse().expect("addr"))).await.expect("host");
    let driver = start_chromedriver();
    let c = chromium(&driver).await;

    c.goto(&format!("http://{}/", host.addr())).await.expect("open the host");
    wait_css(&c, "#organizer-link").await.click().await.expect("organizer login");
    fill(&c, "input[name='username']", "admin").await;
    fill(&c, "input[name='password']", "organizer-pass").await;
    wait_css(&c, "#org-submit").await.click().await.expect("log in");
    wait_css(&c, "#new-contest, .contest-row").await;
    c.goto(&format!("http://{}/#/results/{}", host.addr(), id.0)).await.expect("results");

    // The results page: numbers under right-aligned headings, the
    // certificate numbers, 打开大屏 the one primary action.
    let ranking = text_of(&c, "#ranking tbody").await;
    for (_, no) in &numbers {
        assert!(ranking.contains(no.as_str()), "{no} in the ranking: {ranking}");
    }
    let aligned = c
        .execute(
            "const ths = [...document.querySelectorAll('#ranking thead th')];
             const tds = [...document.querySelectorAll('#ranking tbody tr:first-child td')];
             return ths.map((th, i) => getComputedStyle(th).textAlign === getComputedStyle(tds[i]).textAlign);",
            vec![],
        )
        .await
        .expect("alignment");
    assert!(
        aligned.as_array().is_some_and(|a| a.iter().all(|x| x.as_bool() == Some(true))),
        "every heading aligned like its column: {aligned}"
    );
    let primary = text_of(&c, ".results-head .btn-primary").await;
    assert_eq!(primary, "打开大屏");
    assert!(c.find(Locator::Css("#export-menu[aria-expanded='false']")).await.is_ok(), "导出 ▾ starts closed");
    fits_from_1024_to_1920(&c, "results-chromium").await;
    wait_css(&c, "#export-menu").await.click().await.expect("导出 ▾");
    wait_css(&c, "#export-csv-ranking").await;
    shot(&c, "results-export-menu").await;
    press(&c, '\u{E00C}').await; // Esc closes it
    assert!(c.find(Locator::Css("#export-menu[aria-expanded='false']")).await.is_ok(), "Esc closes the menu");

    // 学时统计: the same rule for its two tables.
    c.goto(&format!("http://{}/#/admin/study", host.addr())).await.expect("学时统计");
    wait_css(&c, "#person-study tbody tr").await;
    let aligned = c
        .execute(
            "return ['#dept-study', '#person-study'].every((t) => {
               const ths = [...document.querySelectorAll(t + ' thead th')];
               const tds = [...document.querySelectorAll(t + ' tbody tr:first-child td')];
               return ths.every((th, i) => getComputedStyle(th).textAlign === getComputedStyle(tds[i]).textAlign);
             });",
            vec![],
        )
        .await
        .expect("alignment");
    assert_eq!(aligned.as_bool(), Some(true), "学时统计: headings aligned like their columns");
    shot(&c, "study-report-chromium").await;
    c.goto(&format!("http://{}/#/results/{}", host.addr(), id.0)).await.expect("results");
    wait_css(&c, "#ranking tbody").await;

    // 打印 ▾ → 奖状, by keyboard: Enter opens the menu on its first item.
    c.execute("document.getElementById('print-menu').focus();", vec![]).await.expect("focus");
    press(&c, ENTER).await;
    let focused = c.execute("return document.activeElement.id;", vec![]).await.expect("focus");
    assert_eq!(focused.as_str(), Some("print-certificates"), "the first item has the focus");
    press(&c, ENTER).await;

    // The issuing unit is asked for in place; nothing prints without it.
    let ask = text_of(&c, "#unit-form").await;
    assert!(ask.contains("发证单位"), "asks for the unit: {ask}");
    assert!(c.find(Locator::Css("#print[disabled]")).await.is_ok(), "printing waits for the unit");
    assert!(c.find(Locator::Css(".certificate")).await.is_err(), "no certificate without the unit");
    fill(&c, "#issuing-unit", "某某市司法局").await;
    wait_css(&c, "#save-unit").await.click().await.expect("save the unit");
    let cert = text_of(&c, ".certificate").await;
    assert!(cert.contains("某某市司法局") && cert.contains("二〇二六年十二月四日"), "the preview: {cert}");
    assert_eq!(svc.settings().expect("settings").issuing_unit, "某某市司法局", "saved to the settings");
    // The prize name is kept on one line.
    let nowrap = c
        .execute("return getComputedStyle(document.querySelector('.certificate .cert-tier')).whiteSpace;", vec![])
        .await
        .expect("style");
    assert_eq!(nowrap.as_str(), Some("nowrap"));
    fits_from_1024_to_1920(&c, "certificate-preview-chromium").await;
    // The whole sheet in view, at the scale the page chose.
    c.execute("const el = document.querySelector('.certificate'); window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);", vec![])
        .await
        .expect("scroll");
    shot(&c, "certificate-preview-chromium").await;

    // Printed to PDF and read back.
    let (pdf, text) = print_pdf(&c, "certificates").await;
    assert_eq!(pages(&pdf), 2, "one A4 page per certificate, no blank page: {text}");
    let flat = strip_ws(&text);
    assert!(flat.contains("二〇二六年十二月四日"), "the date in Chinese numerals: {text}");
    assert!(flat.contains("某某市司法局"), "the issuing unit: {text}");
    assert!(flat.contains("宪法民法典知识竞赛") && !flat.contains("有奖竞答"), "the wording: {text}");
    for (name, no) in &numbers {
        assert!(text.contains(&format!("证书编号：{no}")), "the number {no}: {text}");
        assert!(flat.contains(&format!("{name}同志：")), "the salutation of {name}: {text}");
    }
    assert!(text.contains("一等奖") && text.contains("二等奖"), "prize names unbroken: {text}");

    // 套打: the texts only, at the organizer's offsets.
    wait_css(&c, ".print-tabs a[href$='/overlay']").await.click().await.expect("套打");
    wait_css(&c, ".overlay-sheet").await;
    fits_from_1024_to_1920(&c, "certificate-overlay").await;
    c.execute("const el = document.querySelector('.overlay-sheet'); window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);", vec![])
        .await
        .expect("scroll");
    shot(&c, "certificate-overlay").await;
    let (pdf, text) = print_pdf(&c, "certificates-overlay").await;
    assert_eq!(pages(&pdf), 2, "one page per certificate");
    let flat = strip_ws(&text);
    assert!(!flat.contains("荣誉证书") && !flat.contains("证书编号："), "text only, no title: {text}");
    assert!(flat.contains("二〇二六年十二月四日") && flat.contains("某某市司法局"), "{text}");
    for (_, no) in &numbers {
        assert!(text.contains(no.as_str()), "the number {no}: {text}");
    }
    // Move the number and save: kept in the settings, shown at once.
    fill(&c, "input[name='number_x']", "41.5").await;
    wait_css(&c, "#save-layout").await.click().await.expect("save the offsets");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while svc.certificate_settings().expect("settings").overlay.number.x_mm != 41.5 {
        assert!(std::time::Instant::now() < deadline, "the offset is saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The page redraws after the save answers: wait for the new position.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let left = c
            .execute(
                "const el = document.querySelector('.overlay-sheet:not(.overlay-test) .ov-number');
                 return el ? el.style.left : null;",
                vec![],
            )
            .await
            .expect("left");
        if left.as_str() == Some("41.5mm") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the number is shown at 41.5 mm: {left}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The test print: sample texts on a millimetre grid (the dialog itself
    // is the browser's; here it returns at once).
    c.execute("window.print = () => {};", vec![]).await.expect("stub the dialog");
    wait_css(&c, "#test-print").await.click().await.expect("test print");
    wait_css(&c, ".overlay-test").await;
    c.execute("const el = document.querySelector('.overlay-test'); window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);", vec![])
        .await
        .expect("scroll");
    shot(&c, "certificate-overlay-test").await;

    c.close().await.expect("close the browser");
    host.stop().await;
}
