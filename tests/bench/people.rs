//! The benches' people: `n` rows of a CSV file as a small employer's export has them (roles and
//! stages, a quoted note with a line break in every tenth row), for `csv_io` to import.

pub fn csv(n: usize) -> String {
    let roles = ["Barista", "Line Cook", "Shop Assistant", "Delivery Driver"];
    let stages = [
        "Applied",
        "Interview",
        "Interviewed",
        "Shortlisted",
        "Rejected",
    ];
    let mut s = String::from("First name,Last name,Email,Phone,Job,Status,Notes\r\n");
    for i in 0..n {
        let notes = if i % 10 == 0 {
            "\"Met at the market,\r\nvery keen\"".to_string()
        } else {
            String::new()
        };
        s += &format!(
            "Person{i},Surname{},person{i}@example.org,+44 7700 9{:05},{},{},{notes}\r\n",
            i % 97,
            i,
            roles[i % roles.len()],
            stages[i % stages.len()]
        );
    }
    s
}

/// Imports `csv` as the window's import does, with the columns `mapping` read (from its
/// preview), keeping the first of any duplicates.
pub async fn import(
    store: &kindly_core::Store,
    csv: &str,
    mapping: Vec<Option<kindly_core::service::csv_io::Field>>,
) -> kindly_core::service::csv_io::ImportReport {
    use kindly_core::service::csv_io::{self, ImportOptions, OnDuplicate};
    csv_io::import(
        store,
        csv.as_bytes(),
        ImportOptions {
            mapping,
            on_duplicate: OnDuplicate::Skip,
            good_rows_only: false,
        },
        &|_, _| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .await
    .unwrap()
}
