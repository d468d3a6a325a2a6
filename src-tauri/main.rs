//! The `lawquiz` binary: opens the desktop window (see `lawquiz::run`).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    lawquiz::run();
}
