# Shared by the bin/ scripts and the benchmark: JVM options unless JAVA_OPTS says otherwise.
# Resident memory stays flat and under ~200 MB under load (bench/soak.sh, BENCHMARKS.md):
# - a fixed 64 MB heap, touched at start, so the heap's share of RSS never grows later (Gatehouse keeps
#   little per request; the user cache sizes itself to a quarter of the heap);
# - the C library's native heap trimmed every 5 s: otherwise memory the JIT compilers freed stays
#   resident (about 40 MB after a few minutes of load);
# - Serial GC, which suits a 2-core box and a small heap.
# Raise -Xms/-Xmx together (JAVA_OPTS) for a large embedded data set or more cached users.
# IgnoreUnrecognizedVMOptions: JDK 17 builds before 17.0.9 lack TrimNativeHeapInterval.
GATEHOUSE_JAVA_OPTS="${JAVA_OPTS:--XX:+IgnoreUnrecognizedVMOptions -Xms64m -Xmx64m -XX:+AlwaysPreTouch -XX:TrimNativeHeapInterval=5000 -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=64m -Xss512k}"
