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
