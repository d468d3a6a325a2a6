//! The `lawquiz` binary: opens the desktop window (see `lawquiz::run`), or
//! with a subcommand (import / export / backup) runs the command line.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    lawquiz::measure::mark_start();
    let args: Vec<String> = std::env::args().collect();
    if lawquiz::cli::wanted(&args) {
        std::process::exit(lawquiz::cli::main(args));
    }
    lawquiz::run();
}
