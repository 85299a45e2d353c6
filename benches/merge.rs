//! The merge driver next to `git merge-file` on the same three files (a
//! base and two sides, each with a few hundred scattered edits), both run
//! as the processes git runs, writing the result over the "ours" file;
//! and the structural merge alone, in process.
//!
//! cargo bench --bench merge

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use journeymap::model::merge::merge;
use journeymap::model::{Channel, Commitment, Feedback, Map, Method, Touchpoint};
use journeymap::storage::{parse_map, to_canonical};
use journeymap::synth::{self, Size};

const BIN: &str = env!("CARGO_BIN_EXE_journeymap");

/// Our side: new feedback in some stages, summaries reworded in others.
fn ours(base: &Map) -> Map {
    let mut m = base.clone();
    for (i, s) in m.stages.iter_mut().enumerate() {
        if i % 7 == 0
            && let Some(f) = s.feedback.first_mut()
        {
            f.summary.push_str(" (checked with the client)");
        }
        if i % 11 == 0 {
            s.feedback.push(Feedback {
                date: synth::BENCH_TODAY,
                method: Method::Call,
                score: Some(4),
                by: "Dana Ruiz".into(),
                summary: format!("Follow-up call {i}").into(),
                holding_back: false,
            });
        }
    }
    m
}

/// Their side: promises kept in some stages, new touchpoints in others.
fn theirs(base: &Map) -> Map {
    let mut m = base.clone();
    for (i, s) in m.stages.iter_mut().enumerate() {
        if i % 5 == 0
            && let Some(c) = s.commitments.iter_mut().find(|c| c.done.is_none())
        {
            c.done = Some(synth::BENCH_TODAY);
        }
        if i % 13 == 0 {
            s.touchpoints.push(Touchpoint {
                channel: Channel::Email,
                description: format!("Monthly summary {i}").into(),
                owner: "Lena Okafor".into(),
                department: "Sales".into(),
            });
            s.commitments.push(Commitment::new(
                "Send the minutes",
                "Lena Okafor",
                synth::BENCH_TODAY,
            ));
        }
    }
    m
}

fn write(path: &Path, map: &Map) -> String {
    let text = to_canonical(map).expect("serialisable");
    fs::write(path, &text).expect("written");
    text
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    for (name, size) in [("realistic", Size::REALISTIC), ("large", Size::LARGE)] {
        let base = synth::map(size, 1);
        let (o, t) = (ours(&base), theirs(&base));
        let p = |f: &str| dir.path().join(format!("{name}-{f}.ron"));
        let base_text = write(&p("base"), &base);
        let ours_text = write(&p("ours"), &o);
        let theirs_text = write(&p("theirs"), &t);
        let result = p("result");
        let mut group = c.benchmark_group(format!("merge/{name}"));
        group
            .sample_size(if size == Size::LARGE { 10 } else { 30 })
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if size == Size::LARGE {
                10
            } else {
                5
            }));
        let fresh_ours = || fs::write(&result, &ours_text).expect("ours written");
        group.bench_function("git merge-file", |b| {
            b.iter_batched(
                fresh_ours,
                |()| {
                    Command::new("git")
                        .arg("merge-file")
                        .args([&result, &p("base"), &p("theirs")])
                        .status()
                        .expect("git runs")
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function("journeymap merge-driver", |b| {
            b.iter_batched(
                fresh_ours,
                |()| {
                    let status = Command::new(BIN)
                        .arg("merge-driver")
                        .args([&p("base"), &result, &p("theirs")])
                        .args(["7", "m.ron"])
                        .status()
                        .expect("the driver runs");
                    assert!(status.success(), "the bench merge is clean");
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function("parse + merge + write (in process)", |b| {
            b.iter(|| {
                let (b0, o0, t0) = (
                    parse_map(black_box(&base_text)).expect("base"),
                    parse_map(black_box(&ours_text)).expect("ours"),
                    parse_map(black_box(&theirs_text)).expect("theirs"),
                );
                to_canonical(&merge(Some(&b0), &o0, &t0)).expect("written")
            })
        });
        group.bench_function("merge alone (in process)", |b| {
            b.iter(|| merge(Some(black_box(&base)), black_box(&o), black_box(&t)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
