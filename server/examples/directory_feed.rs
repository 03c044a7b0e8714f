//! Writes the benchmark's directory as Open Referral UK JSON feeds, for the browser benchmark
//! (`tests/bench/directory.mjs`) to import through the API: the whole directory, and the same
//! with the first `changed` services' descriptions changed (an update for a device to fetch).
//!
//!   cargo run --release -p server --example directory_feed -- --out DIR [--services N] [--changed N]

use std::path::PathBuf;

use server::export::Everything;

#[derive(clap::Parser)]
struct Args {
    /// Where to write `feed.json` and `changed.json`.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 10_000)]
    services: usize,
    #[arg(long, default_value_t = 100)]
    changed: usize,
}

fn main() -> anyhow::Result<()> {
    let args: Args = clap::Parser::parse();
    let today = chrono::Utc::now().date_naive();
    let batch =
        server::demo_directory::directory_of(today, args.services, args.services / 5, args.services / 10);
    let mut everything = Everything {
        services: batch.services,
        organizations: batch.organizations,
        locations: batch.locations,
        taxonomies: vec![shared::directory::taxonomy::shipped()],
    };
    std::fs::create_dir_all(&args.out)?;
    let write = |name: &str, all: &Everything| -> anyhow::Result<()> {
        let json = serde_json::to_vec(&server::export::oruk_json(all))?;
        std::fs::write(args.out.join(name), json)?;
        Ok(())
    };
    write("feed.json", &everything)?;
    for service in everything.services.iter_mut().take(args.changed) {
        service.description.push_str(" Times change in the new year.");
    }
    write("changed.json", &everything)?;
    println!(
        "Wrote {} services ({} changed in changed.json) to {}",
        everything.services.len(),
        args.changed.min(everything.services.len()),
        args.out.display()
    );
    Ok(())
}
