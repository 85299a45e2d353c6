//! Markdown export (document with Mermaid journey) of the realistic and the
//! large map; target: the large map in at most 50 ms.
//!
//! cargo bench --bench export

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use journeymap::analysis::{Analysis, Thresholds};
use journeymap::export::export_map;
use journeymap::synth::{self, BENCH_TODAY, Size};

fn export(c: &mut Criterion) {
    for (name, size) in [("realistic", Size::REALISTIC), ("large", Size::LARGE)] {
        let map = synth::map(size, 1);
        let analysis = Analysis::of(&map, BENCH_TODAY, &Thresholds::default());
        let out = export_map(&map, &analysis, BENCH_TODAY);
        let mut group = c.benchmark_group(format!("export/{name}"));
        group.throughput(Throughput::Bytes(out.len() as u64));
        group
            .sample_size(if size == Size::LARGE { 10 } else { 30 })
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
        group.bench_function("export_map", |b| {
            b.iter(|| export_map(black_box(&map), black_box(&analysis), BENCH_TODAY))
        });
        group.bench_function("Analysis::of + export_map", |b| {
            b.iter(|| {
                let analysis = Analysis::of(black_box(&map), BENCH_TODAY, &Thresholds::default());
                export_map(&map, &analysis, BENCH_TODAY)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, export);
criterion_main!(benches);
