//! Loading a map: the app's whole path (parse, validate, analyse) next to
//! the floor the format allows, a bare `ron::from_str` of the same bytes.
//!
//! cargo bench --bench load

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use journeymap::analysis::{Analysis, Thresholds};
use journeymap::model::Map;
use journeymap::storage::{load_bytes, parse_map};
use journeymap::synth::{self, BENCH_TODAY, Size};

fn load(c: &mut Criterion) {
    let thresholds = Thresholds::default();
    for (name, size) in [("realistic", Size::REALISTIC), ("large", Size::LARGE)] {
        let text = synth::map_text(size, 1);
        let mut group = c.benchmark_group(format!("load/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        if size == Size::LARGE {
            group
                .sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(6));
        } else {
            group
                .sample_size(40)
                .measurement_time(Duration::from_secs(4));
        }
        // The floor: ron reading the model (dates read as dates, by the
        // model's own strict reader).
        group.bench_function("bare ron::from_str Map", |b| {
            b.iter(|| ron::from_str::<Map>(black_box(&text)).expect("valid"))
        });
        group.bench_function("parse_map + Analysis::of", |b| {
            b.iter(|| {
                let map = parse_map(black_box(&text)).expect("valid");
                let analysis = Analysis::of(&map, BENCH_TODAY, &thresholds);
                (map, analysis)
            })
        });
        group.bench_function("load_bytes + Analysis::of", |b| {
            b.iter(|| {
                let loaded =
                    load_bytes(Path::new("map.ron"), black_box(text.as_bytes())).expect("valid");
                let analysis = Analysis::of(&loaded.map, BENCH_TODAY, &thresholds);
                (loaded, analysis)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
