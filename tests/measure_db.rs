//! `cargo run --example measure_db -- PATH`: the database `make measure-app`
//! starts the app on — an existing installation: the law texts and bank
//! loaded, an organizer (admin / organizer-pass) and 50 staff, of whom
//! 1001 李明 has the PIN 2468 (the script logs in as them to reach 首页).
//! Refuses to touch an existing file.

use lawquiz::service::api::{SaveEmployeeRequest, SetupOrganizerRequest};
use lawquiz::service::Service;
use std::path::PathBuf;

fn main() {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("用法：cargo run --example measure_db -- 数据库文件");
        std::process::exit(2);
    };
    if path.exists() {
        eprintln!("{} 已经存在，不会覆盖。", path.display());
        std::process::exit(1);
    }
    if let Err(e) = make(&path) {
        eprintln!("无法准备测量用的数据库：{e}");
        std::process::exit(1);
    }
    println!("{}", path.display());
}

fn make(path: &std::path::Path) -> lawquiz::error::Result<()> {
    let svc = Service::open(path)?;
    let login = svc.setup_organizer(SetupOrganizerRequest {
        username: "admin".into(),
        display_name: "王主任".into(),
        password: "organizer-pass".into(),
    })?;
    let org = svc.authenticate(&login.token)?;
    for i in 0..50 {
        let dept = ["办公室", "政策法规处", "综合处", "人事处"][i % 4];
        svc.save_employee(
            &org,
            SaveEmployeeRequest {
                id: None,
                staff_no: format!("{}", 1001 + i),
                name: if i == 0 { "李明".into() } else { format!("职工{i:02}") },
                department: dept.into(),
                active: true,
                pin: (i == 0).then(|| "2468".to_string()),
            },
        )?;
    }
    Ok(())
}
