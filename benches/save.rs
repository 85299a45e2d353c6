//! Saving a map safely (canonical text, temporary file, fsync, rename,
//! folder fsync) next to the plain way: `fs::write` and one `sync_all`.
//!
//! cargo bench --bench save

use std::fs;
use std::hint::black_box;
use std::io::Write;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use journeymap::storage::{SaveGuard, canonical_with_ron, save_map, to_canonical};
use journeymap::synth::{self, Size};

fn save(c: &mut Criterion) {
    // In the target folder, not /tmp: the same disk the maps live on.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    for (name, size) in [("realistic", Size::REALISTIC), ("large", Size::LARGE)] {
        let map = synth::map(size, 1);
        let text = to_canonical(&map).expect("serialisable");
        let safe = dir.path().join(format!("{name}-safe.ron"));
        let plain = dir.path().join(format!("{name}-plain.ron"));
        fs::write(&safe, &text).expect("written");
        let mut group = c.benchmark_group(format!("save/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group
            .sample_size(if size == Size::LARGE { 10 } else { 30 })
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
        group.bench_function("fs::write + sync_all", |b| {
            b.iter(|| {
                let mut f = fs::File::create(&plain).expect("created");
                f.write_all(text.as_bytes()).expect("written");
                f.sync_all().expect("synced");
            })
        });
        group.bench_function("to_canonical (direct writer)", |b| {
            b.iter(|| to_canonical(black_box(&map)).expect("serialisable"))
        });
        group.bench_function("canonical_with_ron (serde + ron pretty)", |b| {
            b.iter(|| canonical_with_ron(black_box(&map)).expect("serialisable"))
        });
        group.bench_function("save_map", |b| {
            b.iter(|| save_map(&safe, &map, SaveGuard::Force).expect("saved"))
        });
        group.finish();
    }
}

criterion_group!(benches, save);
criterion_main!(benches);
