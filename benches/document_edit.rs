//! What one edit costs in a large open map: checking and applying it,
//! re-analysing the changed stage, and keeping its undo step; then undoing
//! it. Item edits keep a snapshot of the one stage they change, and only
//! that stage is analysed again; adding, deleting or moving a stage only
//! renumbers the other stages' findings. The "whole-map snapshot" line
//! shows what keeping the map for every undo step would cost instead.
//!
//! cargo bench --bench document_edit

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::analysis::Thresholds;
use journeymap::edit::document::{Document, Edit};
use journeymap::model::{Commitment, Feedback, Map, Method, Perception, Source, Stage};
use journeymap::storage::LoadedMap;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

/// A map of `stages` stages with `items` feedback entries, perceptions and
/// commitments each.
fn big_map(stages: usize, items: usize) -> Map {
    let mut map = Map::new("Bench Corp", "Dana Ruiz");
    for s in 0..stages {
        let mut stage = Stage::new(&format!("s{s}"), &format!("Stage {s}"));
        for i in 0..items {
            let date = jiff::civil::date(2026, 1 + (i % 10) as i8, 1 + (s % 28) as i8);
            stage.perceptions.push(Perception {
                text: format!("Perception {i} about how they see us").into(),
                sentiment: (i % 5) as i8 - 2,
                source: Source::Heard,
            });
            stage.feedback.push(Feedback {
                date,
                method: Method::Call,
                score: Some(1 + (i % 5) as u8),
                by: "Dana Ruiz".into(),
                summary: "They said something worth writing down".into(),
                holding_back: false,
            });
            stage.commitments.push(Commitment {
                promise: format!("Promise {i}").into(),
                owner: "Dana Ruiz".into(),
                due: date,
                done: None,
            });
        }
        map.stages.push(stage);
    }
    map
}

fn edits(c: &mut Criterion) {
    let map = big_map(200, 50);
    let loaded = LoadedMap {
        path: "bench.ron".into(),
        map: map.clone(),
        hash: 0,
        has_comments: false,
        from_markers: false,
    };
    let mut doc = Document::open(loaded, today(), Thresholds::default());
    let mut group = c.benchmark_group("document/200 stages x 150 items");
    group.bench_function("mark kept + undo", |b| {
        b.iter(|| {
            doc.apply(black_box(Edit::MarkKept {
                stage: 100,
                index: 7,
                on: today(),
            }))
            .expect("applies");
            doc.undo().expect("undoes");
        })
    });
    group.bench_function("delete stage + undo", |b| {
        b.iter(|| {
            doc.apply(black_box(Edit::DeleteStage { index: 40 }))
                .expect("applies");
            doc.undo().expect("undoes");
        })
    });
    group.bench_function("move stage + undo", |b| {
        b.iter(|| {
            doc.apply(black_box(Edit::MoveStage { from: 3, to: 150 }))
                .expect("applies");
            doc.undo().expect("undoes");
        })
    });
    group.bench_function("whole-map snapshot (what an undo step would cost)", |b| {
        b.iter(|| black_box(map.clone()))
    });
    group.finish();
}

criterion_group!(benches, edits);
criterion_main!(benches);
