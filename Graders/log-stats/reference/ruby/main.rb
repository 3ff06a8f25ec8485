# Reference solution for the log-stats lab: reads an access log on stdin, prints the report.

# Returns [status, path, seconds] for a well-formed line, or nil.
def parse(line)
  fields = line.split(/ /, -1) # a string " " would split on runs of whitespace
  return nil if fields.length != 11 || fields.any?(&:empty?)

  _ip, _ident, _user, time, zone, method, target, protocol, status, size, elapsed = fields
  return nil unless time.start_with?("[") && zone.end_with?("]")
  return nil unless method.match?(/\A"[A-Z]+\z/)
  return nil unless target.start_with?("/")
  return nil unless protocol.start_with?("HTTP/") && protocol.end_with?('"')
  return nil unless status.match?(/\A[1-5][0-9]{2}\z/)
  return nil unless size == "-" || size.match?(/\A[0-9]+\z/)
  return nil unless elapsed.match?(/\A[0-9]+(\.[0-9]{1,3})?\z/)

  [status.to_i, target.split("?", 2).first, elapsed.to_f]
end

statuses = Hash.new(0)
paths = Hash.new(0)
times = []
malformed = 0
input = $stdin.binmode.read.force_encoding(Encoding::UTF_8).scrub
input.split("\n", -1).each do |raw|
  line = raw.delete_suffix("\r")
  next if line.empty?

  entry = parse(line)
  if entry.nil?
    malformed += 1
    next
  end
  status, path, seconds = entry
  statuses[status] += 1
  paths[path] += 1
  times << seconds
end

out = ["requests: #{times.length}"]
statuses.keys.sort.each { |status| out << "status #{status}: #{statuses[status]}" }
paths.sort_by { |path, count| [-count, path] }.first(3).each { |path, count| out << "path #{path}: #{count}" }
out << "malformed: #{malformed}"
if times.empty?
  out << "p95: n/a"
else
  times.sort!
  rank = (0.95 * times.length).ceil
  out << format("p95: %.3f", times[rank - 1])
end
$stdout.write(out.join("\n") + "\n")
