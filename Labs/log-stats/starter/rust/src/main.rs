//! log-stats: read an access log on standard input and print a report (see README.md).
use std::io::{self, Read};

fn main() -> io::Result<()> {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input)?;

    let mut requests = 0;
    for raw in input.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            continue; // Empty lines are not requests and not malformed: skip them.
        }

        // TODO (stage 3): check that the line is a well-formed log entry; if not, count it and skip it.

        requests += 1;

        // TODO (stage 1): take the status code from the line and count it.
        // TODO (stage 2): take the path, drop its query string ("?..."), and count it.
        // TODO (stage 3): take the response time (the last field, in seconds) and keep it.
    }

    println!("requests: {}", requests);
    // TODO (stage 1): print "status CODE: COUNT" for each status code seen, lowest code first.
    // TODO (stage 2): print "path PATH: COUNT" for the three busiest paths.
    // TODO (stage 3): print "malformed: COUNT" and "p95: SECONDS" (three decimals, or "n/a").
    Ok(())
}
