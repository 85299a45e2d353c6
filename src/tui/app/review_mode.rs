//! `journeymap review`: the app with the review walk as its only screen,
//! read-only (review notes are the one write, made by the walk itself).

use std::collections::BTreeMap;

use super::App;
use crate::tui::AppOptions;
use crate::tui::view::review::ReviewWalk;

impl App {
    /// The app for a review of the map or folder at `opts.path`. Fails
    /// before any terminal is touched when there is nothing to review.
    pub fn review(opts: AppOptions) -> anyhow::Result<App> {
        App::review_only(opts, false)
    }

    /// Like [`App::review`]; with `only_at_risk`, the walk starts on the
    /// stages at risk only (a key switches to every stage needing
    /// attention and back).
    pub fn review_only(mut opts: AppOptions, only_at_risk: bool) -> anyhow::Result<App> {
        // n/p/c are the presenter's keys; the config's bindings still win.
        let mut keys: BTreeMap<String, Vec<String>> = [
            ("right", &["n", "right", "l"][..]),
            ("left", &["p", "left", "h"][..]),
            ("add", &["c", "a"][..]),
            // `n` is the new-map key elsewhere; there are no new maps here.
            ("new-map", &["N"][..]),
        ]
        .into_iter()
        .map(|(action, keys)| {
            (
                action.to_string(),
                keys.iter().map(|k| k.to_string()).collect(),
            )
        })
        .collect();
        keys.extend(std::mem::take(&mut opts.keys));
        opts.keys = keys;
        let mut app = App::bare(&opts)?;
        app.read_only = true;
        let mut walk = ReviewWalk::open(&opts.path, opts.today, opts.thresholds)?;
        walk.set_only_at_risk(only_at_risk);
        app.layers.push(Box::new(walk));
        Ok(app)
    }

    /// The review walk, when the app is in review mode (for tests).
    pub fn review_walk(&self) -> Option<&ReviewWalk> {
        self.top_layer()?.as_any().downcast_ref::<ReviewWalk>()
    }
}
