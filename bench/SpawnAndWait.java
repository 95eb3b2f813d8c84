/**
 * The RSS baseline for bench/supervisor: the least a JVM can do to host a program, that is spawn it with inherited
 * streams and wait for it. Run with the same JVM flags as `svcctl run`.
 */
public final class SpawnAndWait {
    public static void main(String[] args) throws Exception {
        Process child = new ProcessBuilder(args).inheritIO().start();
        System.exit(child.waitFor());
    }
}
