<?php
// log-stats: read an access log on standard input and print a report (see README.md).

$requests = 0;
foreach (explode("\n", stream_get_contents(STDIN)) as $raw) {
    $line = str_ends_with($raw, "\r") ? substr($raw, 0, -1) : $raw;
    if ($line === '') {
        continue; // Empty lines are not requests and not malformed: skip them.
    }

    // TODO (stage 3): check that the line is a well-formed log entry; if not, count it and skip it.

    $requests++;

    // TODO (stage 1): take the status code from the line and count it.
    // TODO (stage 2): take the path, drop its query string ("?..."), and count it.
    // TODO (stage 3): take the response time (the last field, in seconds) and keep it.
}

echo "requests: $requests\n";
// TODO (stage 1): print "status CODE: COUNT" for each status code seen, lowest code first.
// TODO (stage 2): print "path PATH: COUNT" for the three busiest paths.
// TODO (stage 3): print "malformed: COUNT" and "p95: SECONDS" (three decimals, or "n/a").
