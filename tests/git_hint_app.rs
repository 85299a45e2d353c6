//! The app's one-line hint when the maps' git repository asks for
//! journeymap's merge driver (in `.gitattributes`) and git's config here
//! lacks it (issue 14, item 1). The hint reads files only, so a `.git`
//! folder with a config is repository enough.

mod tui_support;

use std::fs;
use std::path::Path;

use journeymap::tui::App;
use tui_support::*;

fn repo_with_a_map(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join(".git")).expect(".git");
    fs::write(dir.path().join(".git/config"), config).expect("config");
    fs::write(
        dir.path().join(".gitattributes"),
        "*.ron merge=journeymap diff=journeymap\n",
    )
    .expect("attributes");
    fs::copy(HARBOR, dir.path().join("harbor.ron")).expect("map");
    dir
}

fn opened(path: &Path) -> String {
    let app = App::new(options(path)).expect("the app opens");
    screen(&app, 200, 30)
}

#[test]
fn the_app_hints_at_git_setup_on_a_map_and_on_a_folder() {
    let dir = repo_with_a_map("[core]\n\tbare = false\n");
    for path in [dir.path().join("harbor.ron"), dir.path().to_path_buf()] {
        let s = opened(&path);
        assert!(s.contains("hint: run `journeymap git setup` in"), "{s}");
    }
}

#[test]
fn no_hint_once_git_is_set_up() {
    let dir = repo_with_a_map(
        "[merge \"journeymap\"]\n\tdriver = journeymap merge-driver %O %A %B %L %P\n\
         [diff \"journeymap\"]\n\ttextconv = journeymap textconv\n",
    );
    let s = opened(&dir.path().join("harbor.ron"));
    assert!(!s.contains("hint:"), "{s}");
}
