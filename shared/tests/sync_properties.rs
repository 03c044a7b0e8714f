//! The sync property test over the model server: 10,000 generated histories of edits, deletions
//! and syncs on a hostile network (the invariants are in `shared::sync::simulation`).

use proptest::prelude::*;
use shared::sync::simulation::{Fault, ModelServer, Step, World, history};

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, max_shrink_iters: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn sync_never_loses_or_duplicates(steps in history(40), jitter in 0.0..1.0f64) {
        let mut world = World::new(ModelServer::default());
        world.jitter = jitter;
        world.play(&steps)?;
    }
}

fn edit(device: usize, slot: usize, title: Option<&str>) -> Step {
    Step::Edit {
        device,
        slot,
        title: title.map(str::to_owned),
    }
}

fn sync(device: usize, fault: Fault) -> Step {
    Step::Sync { device, fault }
}

/// Found by the property test: a device whose change was rejected while another device edited the
/// same record must end up with the other device's newer copy after discarding its own.
#[test]
fn a_discarded_change_takes_up_the_newer_server_copy() {
    let steps = [
        edit(1, 0, Some("a")),
        edit(0, 0, Some("a")),
        edit(1, 1, Some("a")),
        sync(1, Fault::None),
        edit(1, 1, Some("b")),
        sync(0, Fault::None),
        Step::Delete { device: 0, slot: 0 },
        edit(0, 1, None),
        sync(1, Fault::None),
    ];
    World::new(ModelServer::default()).play(&steps).unwrap();
}

/// Found by the property test: keeping my copy over a server deletion, then discarding that copy
/// when it is rejected, must leave the record deleted, as the server has it.
#[test]
fn discarding_over_a_server_deletion_leaves_it_deleted() {
    let steps = [
        edit(1, 0, Some("a")),
        sync(1, Fault::LoseAnswer),
        Step::Delete { device: 1, slot: 0 },
        sync(0, Fault::None),
        sync(1, Fault::None),
        edit(0, 0, Some("a")),
        sync(0, Fault::None),
        edit(0, 0, None),
    ];
    World::new(ModelServer::default()).play(&steps).unwrap();
}
