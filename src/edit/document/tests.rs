use std::fs;
use std::path::Path;

use super::*;
use crate::model::{Channel, Method, Motivation, Source, validate};
use crate::storage::SaveErrorKind;

const FIXTURE: &str = include_str!("../../../tests/fixtures/tui_edit.ron");

fn today() -> Date {
    jiff::civil::date(2026, 11, 23)
}

fn open_fixture(dir: &Path) -> Document {
    let path = dir.join("northwind.ron");
    fs::write(&path, FIXTURE).expect("write fixture");
    Document::load(&path, today(), Thresholds::default(), false).expect("fixture loads")
}

fn commitment(promise: &str) -> Commitment {
    Commitment {
        promise: promise.into(),
        owner: "Dana Ruiz".into(),
        due: jiff::civil::date(2026, 12, 1),
        done: None,
    }
}

#[test]
fn restored_edits_bring_back_the_whole_map_now_included() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    let original = doc.map().clone();
    let mut recovered = original.clone();
    recovered.now = Some(Now {
        stage: recovered.stages[1].id.clone(),
        since: today(),
    });
    recovered.title = "Recovered".into();
    let loaded_hash = doc.disk_hash();
    doc.restore_edits(recovered.clone(), 0);
    assert_eq!(doc.map(), &recovered);
    assert_eq!(doc.disk_hash(), 0, "a save expects the edits' own base");
    doc.undo();
    assert_eq!(doc.map(), &original);
    // Back to the file as loaded: a save expects that file again.
    assert_eq!(doc.disk_hash(), loaded_hash);
    doc.redo();
    assert_eq!(doc.disk_hash(), 0);
}

#[test]
fn apply_undo_redo_and_dirty() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    let original = doc.map().clone();
    assert!(!doc.is_dirty());
    doc.apply(Edit::AddItem {
        stage: 1,
        item: Item::Commitment(commitment("Send the plan")),
        at: None,
    })
    .unwrap();
    assert!(doc.is_dirty());
    assert_eq!(doc.map().stages[1].commitments.len(), 1);
    assert_eq!(doc.undo().as_deref(), Some("add commitment"));
    assert_eq!(doc.map(), &original);
    assert!(!doc.is_dirty(), "undo back to the loaded state is clean");
    assert_eq!(doc.redo().as_deref(), Some("add commitment"));
    assert!(doc.is_dirty());
    assert_eq!(doc.map().stages[1].commitments[0].promise, "Send the plan");
    assert_eq!(doc.redo(), None);
}

#[test]
fn a_new_edit_clears_redo() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    doc.apply(Edit::MoveStage { from: 0, to: 2 }).unwrap();
    doc.undo();
    assert!(doc.can_redo());
    doc.apply(Edit::DeleteStage { index: 1 }).unwrap();
    assert!(!doc.can_redo());
}

#[test]
fn analysis_follows_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    let overdue = |doc: &Document| {
        doc.analysis()
            .findings()
            .filter(|f| f.kind == crate::analysis::FindingKind::OverdueCommitment)
            .count()
    };
    assert_eq!(overdue(&doc), 1);
    doc.apply(Edit::MarkKept {
        stage: 0,
        index: 0,
        on: today(),
    })
    .unwrap();
    assert_eq!(overdue(&doc), 0);
    assert_eq!(doc.map().stages[0].commitments[0].done, Some(today()));
    doc.undo();
    assert_eq!(overdue(&doc), 1);
    assert_eq!(
        doc.apply(Edit::MarkKept {
            stage: 0,
            index: 1,
            on: today()
        }),
        Err(EditError("the commitment is already marked kept".into()))
    );
}

#[test]
fn read_only_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    fs::write(&path, FIXTURE).unwrap();
    let mut doc = Document::load(&path, today(), Thresholds::default(), true).unwrap();
    let err = doc.apply(Edit::DeleteStage { index: 0 }).unwrap_err();
    assert!(err.0.contains("read-only"), "{err}");
    assert_eq!(doc.map().stages.len(), 3);
    assert!(!doc.is_dirty());
}

#[test]
fn invalid_edits_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    let before = doc.map().clone();
    let header = |id: &str, name: &str| StageHeader {
        id: id.into(),
        name: name.into(),
        goal: None,
    };
    let cases = vec![
        Edit::EditStage {
            index: 1,
            header: header("rapport", "Qualifying"),
        },
        Edit::EditStage {
            index: 1,
            header: header("Bad Id", "Qualifying"),
        },
        Edit::EditStage {
            index: 1,
            header: header("qualifying", "  "),
        },
        Edit::AddStage {
            at: 0,
            stage: Stage::new("renewal", "Again"),
        },
        Edit::AddStage {
            at: 9,
            stage: Stage::new("later", "Later"),
        },
        Edit::AddItem {
            stage: 0,
            item: Item::Perception(Perception {
                text: "x".into(),
                sentiment: 3,
                source: Source::Heard,
            }),
            at: None,
        },
        Edit::AddItem {
            stage: 7,
            item: Item::Commitment(commitment("x")),
            at: None,
        },
        Edit::DeleteItem {
            stage: 1,
            kind: ItemKind::Feedback,
            index: 0,
        },
        Edit::MoveItem {
            stage: 0,
            kind: ItemKind::Commitment,
            from: 0,
            to: 5,
        },
        Edit::AddItem {
            stage: 0,
            item: Item::Review(Review {
                date: today(),
                by: "me".into(),
                stage: Some("nowhere".into()),
                note: "x".into(),
            }),
            at: None,
        },
    ];
    for edit in cases {
        assert!(doc.apply(edit.clone()).is_err(), "{edit:?} was accepted");
        assert_eq!(doc.map(), &before);
    }
    assert!(!doc.can_undo());
}

#[test]
fn renaming_a_stage_id_moves_its_review_notes_and_deleting_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    doc.apply(Edit::EditStage {
        index: 0,
        header: StageHeader {
            id: "trust".into(),
            name: "Building trust".into(),
            goal: None,
        },
    })
    .unwrap();
    assert_eq!(doc.map().reviews[0].stage.as_deref(), Some("trust"));
    assert!(validate(doc.map()).is_empty());
    doc.apply(Edit::DeleteStage { index: 0 }).unwrap();
    assert_eq!(doc.map().reviews.len(), 2, "notes are kept");
    assert_eq!(doc.map().reviews[0].stage, None);
    assert!(validate(doc.map()).is_empty());
    doc.undo();
    doc.undo();
    assert_eq!(doc.map().reviews[0].stage.as_deref(), Some("rapport"));
    assert_eq!(doc.map().stages[0].id, "rapport");
}

#[test]
fn save_round_trips_and_guards_against_changes_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    assert!(!doc.has_comments());
    doc.apply(Edit::LogFeedback {
        stage: 1,
        feedback: Feedback {
            date: today(),
            method: Method::Call,
            score: Some(5),
            by: "Dana Ruiz".into(),
            summary: "Great call".into(),
            holding_back: false,
        },
    })
    .unwrap();
    doc.save(false).unwrap();
    assert!(!doc.is_dirty());
    let loaded = storage::load_map(&doc.path).unwrap();
    assert_eq!(&loaded.map, doc.map());
    // Saving again works: the guard follows the new hash.
    doc.apply(Edit::DeleteStage { index: 2 }).unwrap();
    doc.save(false).unwrap();
    // Undo back past the save: dirty again, since the file holds the
    // newer state.
    doc.undo();
    assert!(doc.is_dirty());
    doc.redo();
    assert!(!doc.is_dirty());

    // Someone else saves: ours is refused, then forced.
    fs::write(&doc.path, FIXTURE).unwrap();
    doc.apply(Edit::MoveStage { from: 0, to: 1 }).unwrap();
    let err = doc.save(false).unwrap_err();
    assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err}");
    assert!(err.to_string().contains("changed on disk"));
    assert!(doc.is_dirty());
    assert_eq!(fs::read_to_string(&doc.path).unwrap(), FIXTURE);
    doc.save(true).unwrap();
    assert_eq!(&storage::load_map(&doc.path).unwrap().map, doc.map());

    // Deleted behind our back.
    fs::remove_file(&doc.path).unwrap();
    doc.apply(Edit::MoveStage { from: 0, to: 1 }).unwrap();
    let err = doc.save(false).unwrap_err();
    assert!(matches!(err.kind, SaveErrorKind::Deleted), "{err}");
}

#[test]
fn saving_a_hard_linked_map_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    let other = dir.path().join("shared.ron");
    fs::hard_link(&doc.path, &other).unwrap();
    doc.apply(Edit::DeleteStage { index: 0 }).unwrap();
    doc.save(false).unwrap();
    assert_eq!(&storage::load_map(&other).unwrap().map, doc.map());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    // The next save is guarded by what is now in both names.
    doc.apply(Edit::DeleteStage { index: 0 }).unwrap();
    doc.save(false).unwrap();
    assert_eq!(&storage::load_map(&other).unwrap().map, doc.map());
}

#[test]
fn save_failure_keeps_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    doc.apply(Edit::DeleteStage { index: 0 }).unwrap();
    // The folder is replaced by a file: nothing can be written there.
    let path = doc.path.clone();
    fs::remove_dir_all(dir.path()).unwrap();
    fs::write(dir.path(), "not a folder").unwrap();
    assert!(doc.save(true).is_err());
    assert!(doc.is_dirty());
    assert_eq!(doc.map().stages.len(), 2);
    let _ = path;
    fs::remove_file(dir.path()).unwrap();
}

#[test]
fn comments_are_reported_until_the_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.ron");
    fs::write(&path, FIXTURE.replacen("(\n", "// hand notes\n(\n", 1)).unwrap();
    let mut doc = Document::load(&path, today(), Thresholds::default(), false).unwrap();
    assert!(doc.has_comments());
    doc.save(false).unwrap();
    assert!(!doc.has_comments());
    assert!(!fs::read_to_string(&path).unwrap().contains("hand notes"));
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.ron");
    let doc =
        Document::create(&path, Map::new("Acme", "Dana"), today(), Default::default()).unwrap();
    assert!(!doc.is_dirty());
    assert_eq!(storage::load_map(&path).unwrap().map.client.name, "Acme");
    let err =
        Document::create(&path, Map::new("Other", "Sam"), today(), Default::default()).unwrap_err();
    assert!(matches!(err.kind, SaveErrorKind::Exists));
    assert_eq!(storage::load_map(&path).unwrap().map.client.name, "Acme");
}

/// A tiny seeded generator: the same seed gives the same edits.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn random_item(rng: &mut XorShift, map: &Map) -> Item {
    let date = jiff::civil::date(2026, 1 + rng.below(12) as i8, 1 + rng.below(28) as i8);
    match rng.below(6) {
        0 => Item::Touchpoint(Touchpoint {
            channel: Channel::all()[rng.below(9)].clone(),
            description: format!("tp {}", rng.below(100)).into(),
            owner: "Dana".into(),
            department: Default::default(),
        }),
        1 => Item::Need(Need {
            text: "need".into(),
            motivation: Motivation::ALL[rng.below(5)],
            met: rng.below(2) == 0,
        }),
        2 => Item::Perception(Perception {
            text: "seen".into(),
            // Sometimes out of range: must be refused.
            sentiment: rng.below(7) as i8 - 3,
            source: Source::ALL[rng.below(3)],
        }),
        3 => Item::Feedback(Feedback {
            date,
            method: Method::all()[rng.below(6)].clone(),
            score: [None, Some(0), Some(1), Some(3), Some(5), Some(6)][rng.below(6)],
            by: "Dana".into(),
            summary: "fb".into(),
            holding_back: rng.below(3) == 0,
        }),
        4 => Item::Commitment(Commitment {
            promise: "call".into(),
            owner: "Dana".into(),
            due: date,
            done: None,
        }),
        _ => Item::Review(Review {
            date,
            by: "Omar".into(),
            stage: match rng.below(3) {
                0 => None,
                1 => Some("no-such-stage".into()),
                _ => map
                    .stages
                    .get(rng.below(map.stages.len().max(1)))
                    .map(|s| s.id.clone()),
            },
            note: "note".into(),
        }),
    }
}

fn random_edit(rng: &mut XorShift, map: &Map) -> Edit {
    let n = map.stages.len();
    // Indexes sometimes one past the end, to exercise refusals.
    let stage = rng.below(n + 1);
    let kind = ItemKind::ALL[rng.below(6)];
    let len = match kind {
        ItemKind::Review => map.reviews.len(),
        _ => map.stages.get(stage).map_or(0, |s| list_len(s, kind)),
    };
    let names = ["Alpha", "beta", "Gamma ray", "", "rapport"];
    match rng.below(11) {
        0 => {
            let name = names[rng.below(names.len())];
            let id = if rng.below(4) == 0 {
                "Bad Id".to_string()
            } else {
                format!("{}-{}", crate::model::slug(name), rng.below(20))
            };
            Edit::AddStage {
                at: rng.below(n + 2),
                stage: Stage::new(&id, name),
            }
        }
        1 => Edit::EditStage {
            index: stage,
            header: StageHeader {
                id: ["rapport", "qualifying", "x-1", "new-id", "UP"][rng.below(5)].into(),
                name: names[rng.below(names.len())].into(),
                goal: Some("g".into()).filter(|_| rng.below(2) == 0),
            },
        },
        2 => Edit::DeleteStage { index: stage },
        3 => Edit::MoveStage {
            from: stage,
            to: rng.below(n + 1),
        },
        4 | 5 => Edit::AddItem {
            stage,
            item: random_item(rng, map),
            at: Some(rng.below(len + 2)).filter(|_| rng.below(2) == 0),
        },
        6 => Edit::EditItem {
            stage,
            index: rng.below(len + 1),
            item: random_item(rng, map),
        },
        7 => Edit::DeleteItem {
            stage,
            kind,
            index: rng.below(len + 1),
        },
        8 => Edit::MoveItem {
            stage,
            kind,
            from: rng.below(len + 1),
            to: rng.below(len + 1),
        },
        9 => Edit::MarkKept {
            stage,
            index: rng.below(5),
            on: today(),
        },
        _ => Edit::LogFeedback {
            stage,
            feedback: Feedback {
                date: today(),
                method: Method::Call,
                score: Some(1 + rng.below(5) as u8),
                by: "Dana".into(),
                summary: "logged".into(),
                holding_back: false,
            },
        },
    }
}

/// Random edits, undos and redos: the map stays valid, the analysis
/// matches a fresh one, and undoing everything gives the loaded map back.
#[test]
fn monkey_edits_keep_the_map_valid_and_undo_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..=20u64 {
        let mut doc = open_fixture(dir.path());
        let original = doc.map().clone();
        let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut applied = 0;
        for _ in 0..400 {
            match rng.below(10) {
                0 => {
                    doc.undo();
                }
                1 => {
                    doc.redo();
                }
                _ => {
                    let edit = random_edit(&mut rng, doc.map());
                    if doc.apply(edit).is_ok() {
                        applied += 1;
                    }
                }
            }
            let problems = validate(doc.map());
            assert!(problems.is_empty(), "seed {seed}: {problems:?}");
            assert_eq!(
                doc.analysis(),
                &Analysis::of(doc.map(), today(), &Thresholds::default()),
                "seed {seed}"
            );
        }
        assert!(applied > 50, "seed {seed}: only {applied} edits applied");
        let end = doc.map().clone();
        let mut undone = 0;
        while doc.undo().is_some() {
            undone += 1;
        }
        assert_eq!(doc.map(), &original, "seed {seed}");
        assert!(!doc.is_dirty());
        for _ in 0..undone {
            doc.redo();
        }
        assert_eq!(doc.map(), &end, "seed {seed}");
    }
}

/// Screens keep what they drew of a stage while its stamp is unchanged, so
/// a stamp must follow its stage through every kind of op, and an equal
/// stamp must always mean an equal stage.
#[test]
fn stage_stamps_follow_their_stages() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = open_fixture(dir.path());
    // Every (stamp, stage) pair seen: a stamp never stands for two contents.
    let mut seen: Vec<(u64, Stage)> = Vec::new();
    let mut check = |doc: &Document| {
        assert_eq!(doc.stage_stamp(doc.map().stages.len()), None);
        for (i, stage) in doc.map().stages.iter().enumerate() {
            let stamp = doc.stage_stamp(i).expect("a stamp per stage");
            match seen.iter().find(|(s, _)| *s == stamp) {
                Some((_, before)) => assert_eq!(before, stage, "stamp {stamp} reused"),
                None => seen.push((stamp, stage.clone())),
            }
        }
    };
    check(&doc);
    let stamps = |doc: &Document| -> Vec<u64> {
        (0..doc.map().stages.len())
            .map(|i| doc.stage_stamp(i).unwrap())
            .collect()
    };
    let start = stamps(&doc);

    doc.apply(Edit::AddItem {
        stage: 1,
        item: Item::Commitment(commitment("Send the plan")),
        at: None,
    })
    .unwrap();
    check(&doc);
    let after = stamps(&doc);
    assert_eq!(after[0], start[0], "other stages keep theirs");
    assert_ne!(after[1], start[1], "the changed stage gets a new one");

    doc.apply(Edit::MoveStage { from: 0, to: 2 }).unwrap();
    check(&doc);
    assert_eq!(
        stamps(&doc)[2],
        start[0],
        "a moved stage takes its stamp along"
    );

    doc.apply(Edit::AddStage {
        at: 1,
        stage: Stage::new("later", "Later"),
    })
    .unwrap();
    check(&doc);
    doc.apply(Edit::DeleteStage { index: 0 }).unwrap();
    check(&doc);
    while doc.undo().is_some() {
        check(&doc);
    }
    while doc.redo().is_some() {
        check(&doc);
    }
    let mut recovered = doc.map().clone();
    recovered.stages.reverse();
    doc.restore_edits(recovered, 0);
    check(&doc);
}
