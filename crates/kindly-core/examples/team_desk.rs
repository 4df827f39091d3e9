//! One desktop of a team under load, for the team bench: `team_desk URL NAME OPS SEED`.
//! It opens the team's server as desktop NAME and does OPS random operations on the people
//! there: edits (read, append a token to the notes, save from the version read; a conflict is
//! read again and retried) and stage moves (from the stage read, to one the pipeline allows; a
//! conflict counts and moves on). It prints one JSON line: every token whose save was
//! acknowledged, how many conflicts it met, and the latency of each kind of operation.
use kindly_core::domain::Stage;
use kindly_core::service::{applications, candidates};
use std::time::Instant;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("usage: team_desk URL NAME OPS SEED");
    let name = args.next().expect("NAME");
    let ops: usize = args.next().expect("OPS").parse().unwrap();
    let seed: u64 = args.next().expect("SEED").parse().unwrap();
    kindly_core::desktop::set(kindly_core::desktop::Desktop {
        id: format!("bench-{name}"),
        name: Some(name.clone()),
        ..Default::default()
    });
    let store = kindly_core::Store::open_postgres(&url).await.unwrap();
    let mut rng = Rng(seed | 1);
    let people = candidates::list(
        &store,
        candidates::CandidateQuery {
            limit: 500,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows;
    let mut acknowledged: Vec<String> = Vec::new();
    let (mut edit_ms, mut move_ms) = (Vec::new(), Vec::new());
    let (mut edit_conflicts, mut move_conflicts, mut moves) = (0u32, 0u32, 0u32);
    for op in 0..ops {
        let who = &people[rng.below(people.len())];
        if rng.below(2) == 0 {
            let token = format!("{name}-{op}");
            let t = Instant::now();
            loop {
                let c = candidates::get(&store, who.id).await.unwrap().candidate;
                let mut input = c.as_input();
                input.notes = format!("{} {token}", input.notes).trim().to_string();
                match candidates::update(&store, who.id, input).await {
                    Ok(_) => break,
                    Err(e) if e.code == kindly_core::ErrorCode::Conflict => edit_conflicts += 1,
                    Err(e) => panic!("{e:?}"),
                }
            }
            edit_ms.push(ms(t.elapsed()));
            acknowledged.push(token);
        } else {
            let d = candidates::get(&store, who.id).await.unwrap();
            let Some(a) = d.applications.first() else {
                continue;
            };
            let allowed: Vec<Stage> = Stage::ALL
                .into_iter()
                .filter(|s| *s != a.stage && a.stage.check_move(*s).is_ok())
                .collect();
            if allowed.is_empty() {
                continue;
            }
            let to = allowed[rng.below(allowed.len())];
            let t = Instant::now();
            match applications::move_stage_from(&store, a.id, Some(a.stage), to).await {
                Ok(_) => moves += 1,
                Err(e) if e.code == kindly_core::ErrorCode::Conflict => move_conflicts += 1,
                Err(e) if e.code == kindly_core::ErrorCode::ForbiddenTransition => {
                    panic!(
                        "a move the pipeline allows from {:?} was refused: {e:?}",
                        a.stage
                    )
                }
                Err(e) => panic!("{e:?}"),
            }
            move_ms.push(ms(t.elapsed()));
        }
    }
    println!(
        "{}",
        serde_json::json!({
            "desk": name,
            "acknowledged": acknowledged,
            "edit_conflicts": edit_conflicts,
            "move_conflicts": move_conflicts,
            "moves": moves,
            "edit_ms": edit_ms,
            "move_ms": move_ms,
        })
    );
}
