fn main() {
    let path = std::env::args().nth(1).unwrap();
    match journeymap::storage::load_map(std::path::Path::new(&path)) {
        Ok(l) => print!("{}", journeymap::storage::to_canonical(&l.map).unwrap()),
        Err(e) => eprintln!("{e}"),
    }
}
