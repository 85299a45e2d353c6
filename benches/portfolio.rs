//! A portfolio of 1,000 realistic maps: time until every map's status is
//! known, cold (every file parsed, on all cores) and warm (from the status
//! cache), next to the sum of bare `ron::from_str` times on one core.
//!
//! cargo bench --bench portfolio
//!
//! The maps are generated once into the target folder and kept between
//! runs (same seed, same bytes).

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use journeymap::analysis::Thresholds;
use journeymap::model::Map;
use journeymap::storage::folders::list_maps;
use journeymap::storage::parallel::map_ordered;
use journeymap::storage::portfolio::{PortfolioRequest, load_statuses};
use journeymap::storage::status_cache::StatusCache;
use journeymap::synth::{self, BENCH_TODAY};

const COUNT: usize = 1000;

/// The portfolio folder, generated on first use. Its files' times are set
/// an hour back so the warm cache may trust them (see `status_cache`).
fn portfolio() -> (PathBuf, Vec<PathBuf>) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("portfolio-{COUNT}-seed1"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = fs::remove_dir_all(&dir);
        synth::write_portfolio(&dir, COUNT, 1).expect("portfolio written");
        let past = SystemTime::now() - Duration::from_secs(3600);
        for path in list_maps(&dir).expect("listed") {
            let f = fs::File::options().write(true).open(&path).expect("open");
            f.set_modified(past).expect("time set");
        }
        fs::write(&done, "").expect("marker written");
    }
    let paths = list_maps(&dir).expect("listed");
    assert_eq!(paths.len(), COUNT);
    (dir, paths)
}

fn request(paths: &[PathBuf], cache_file: Option<PathBuf>) -> PortfolioRequest {
    PortfolioRequest {
        paths: paths.to_vec(),
        today: BENCH_TODAY,
        thresholds: Thresholds::default(),
        cache_file,
    }
}

fn bench(c: &mut Criterion) {
    let (dir, paths) = portfolio();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| fs::read_to_string(p).expect("readable"))
        .collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let state = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let cache_file = StatusCache::file_for(state.path(), &dir);
    let (statuses, error) = load_statuses(request(&paths, Some(cache_file.clone())));
    assert_eq!(error, None);
    assert!(statuses.iter().all(|s| s.outcome.is_ok()));

    let mut group = c.benchmark_group(format!("portfolio/{COUNT}"));
    group.throughput(Throughput::Bytes(bytes));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("bare ron::from_str, one core", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(ron::from_str::<Map>(text).expect("valid"));
            }
        })
    });
    group.bench_function("bare ron::from_str, all cores", |b| {
        b.iter(|| map_ordered(&texts, |_, text| ron::from_str::<Map>(text).is_ok()))
    });
    group.bench_function("every status known, cold", |b| {
        b.iter(|| load_statuses(request(&paths, None)))
    });
    group.bench_function("every status known, warm cache", |b| {
        b.iter(|| load_statuses(request(&paths, Some(cache_file.clone()))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
