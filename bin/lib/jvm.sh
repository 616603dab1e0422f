# Shared by the bin/ scripts and the benchmark: JVM options unless JAVA_OPTS says otherwise.
# A small fixed heap keeps the server's resident memory near 200 MB under load (Gatehouse keeps
# little per request; the user cache is bounded); Serial GC suits a 2-core box and small heaps.
GATEHOUSE_JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=64m -Xss512k}"
