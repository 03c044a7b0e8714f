//! The sync property test over the model server: 10,000 generated histories of every record kind
//! written, submitted, shared and deleted, the manager leaving and rejoining the team, and syncs
//! on a hostile network (the invariants are in `shared::sync::simulation`).

use proptest::prelude::*;
use shared::sync::protocol::EntityKind;
use shared::sync::simulation::{Act, Fault, ModelServer, Step, World, history};

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
    Step::Act {
        device,
        slot,
        own_kind: false,
        act: Act::Write(title.map(str::to_owned)),
    }
}

fn delete(device: usize, slot: usize) -> Step {
    Step::Delete {
        device,
        slot,
        own_kind: false,
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
        delete(0, 0),
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
        delete(1, 0),
        sync(0, Fault::None),
        sync(1, Fault::None),
        edit(0, 0, Some("a")),
        sync(0, Fault::None),
        edit(0, 0, None),
    ];
    World::new(ModelServer::default()).play(&steps).unwrap();
}

/// Readers come and go with the record and the team: a shared assessment reaches the manager's
/// device and leaves it while the manager is out of the team; an audit reaches the practitioner
/// and, deleted, leaves their device.
#[test]
fn readers_receive_and_lose_records_as_audiences_change() {
    let own = |device, act| Step::Act {
        device,
        slot: 0,
        own_kind: true,
        act,
    };
    let manager_in_team = |in_team| Step::MoveManager { in_team };
    let mut world = World::new(ModelServer::default());
    fn run(world: &mut World<ModelServer>, steps: &[Step]) {
        for step in steps {
            world.run(step);
        }
    }
    run(
        &mut world,
        &[
            own(0, Act::Submit),
            own(0, Act::Share(true)),
            sync(0, Fault::None),
            sync(2, Fault::None),
        ],
    );
    assert_eq!(
        world.held(2, EntityKind::SelfAssessment),
        1,
        "the manager reads what was shared"
    );
    run(&mut world, &[manager_in_team(false), sync(2, Fault::None)]);
    assert_eq!(
        world.held(2, EntityKind::SelfAssessment),
        0,
        "not once out of the team"
    );
    run(&mut world, &[manager_in_team(true), sync(2, Fault::Duplicate)]);
    assert_eq!(
        world.held(2, EntityKind::SelfAssessment),
        1,
        "and again on rejoining"
    );
    run(
        &mut world,
        &[
            own(0, Act::Share(false)),
            sync(0, Fault::None),
            sync(2, Fault::None),
        ],
    );
    assert_eq!(
        world.held(2, EntityKind::SelfAssessment),
        0,
        "nor once sharing stops"
    );

    run(
        &mut world,
        &[
            own(2, Act::Write(Some("a".into()))),
            sync(2, Fault::None),
            sync(1, Fault::None),
        ],
    );
    assert_eq!(
        world.held(1, EntityKind::CaseAudit),
        1,
        "the practitioner reads their case's audit"
    );
    run(
        &mut world,
        &[
            Step::Delete {
                device: 2,
                slot: 0,
                own_kind: true,
            },
            sync(2, Fault::LoseAnswer),
            sync(2, Fault::None),
            sync(1, Fault::None),
        ],
    );
    assert_eq!(
        world.held(1, EntityKind::CaseAudit),
        0,
        "a deleted audit leaves their device"
    );
    world.heal();
    world.check().unwrap();
}
