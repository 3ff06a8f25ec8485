<?php
// Reference solution for the log-stats lab: reads an access log on stdin, prints the report.

/** Returns [status, path, seconds] for a well-formed line, or null. */
function parse_line(string $line): ?array
{
    $fields = explode(' ', $line);
    if (count($fields) !== 11 || in_array('', $fields, true)) {
        return null;
    }
    [, , , $time, $zone, $method, $target, $protocol, $status, $size, $elapsed] = $fields;
    if (!str_starts_with($time, '[') || !str_ends_with($zone, ']')) {
        return null;
    }
    if (!preg_match('/\A"[A-Z]+\z/', $method)) {
        return null;
    }
    if (!str_starts_with($target, '/')) {
        return null;
    }
    if (!str_starts_with($protocol, 'HTTP/') || !str_ends_with($protocol, '"')) {
        return null;
    }
    if (!preg_match('/\A[1-5][0-9]{2}\z/', $status)) {
        return null;
    }
    if ($size !== '-' && !preg_match('/\A[0-9]+\z/', $size)) {
        return null;
    }
    if (!preg_match('/\A[0-9]+(\.[0-9]{1,3})?\z/', $elapsed)) {
        return null;
    }
    return [(int) $status, explode('?', $target, 2)[0], (float) $elapsed];
}

$statuses = [];
$paths = [];
$times = [];
$malformed = 0;
foreach (explode("\n", stream_get_contents(STDIN)) as $raw) {
    $line = str_ends_with($raw, "\r") ? substr($raw, 0, -1) : $raw;
    if ($line === '') {
        continue;
    }
    $entry = parse_line($line);
    if ($entry === null) {
        $malformed++;
        continue;
    }
    [$status, $path, $seconds] = $entry;
    $statuses[$status] = ($statuses[$status] ?? 0) + 1;
    // A numeric path such as "/1" is safe as a key: it starts with "/", so PHP never turns it into an int.
    $paths[$path] = ($paths[$path] ?? 0) + 1;
    $times[] = $seconds;
}

$out = ['requests: ' . count($times)];
ksort($statuses);
foreach ($statuses as $status => $count) {
    $out[] = "status $status: $count";
}
$names = array_keys($paths);
usort($names, fn ($a, $b) => $paths[$b] <=> $paths[$a] ?: strcmp($a, $b));
foreach (array_slice($names, 0, 3) as $path) {
    $out[] = "path $path: {$paths[$path]}";
}
$out[] = "malformed: $malformed";
if (count($times) === 0) {
    $out[] = 'p95: n/a';
} else {
    sort($times);
    $rank = (int) ceil(0.95 * count($times));
    $out[] = sprintf('p95: %.3f', $times[$rank - 1]);
}
echo implode("\n", $out), "\n";
