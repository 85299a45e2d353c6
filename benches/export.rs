//! Markdown export of the realistic and the large map.
//!
//! TODO(perf): the `export` branch has no exporter yet. Once it is merged
//! (`git merge export`), bench `export::...(&map, BENCH_TODAY, ...)` on
//! `synth::map(Size::REALISTIC, 1)` and `synth::map(Size::LARGE, 1)`;
//! target: the large map in at most 50 ms.

fn main() {
    eprintln!("export bench: no Markdown exporter yet (branch `export` not merged)");
}
