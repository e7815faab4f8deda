// The build failed (invoker.buildResult = failure); it must have failed for the right reasons, each named.
def log = new File(basedir, 'build.log').text
def expected = [
    '@Retry on com.acme.Client.zeroTries(String): tries = 0, must be >= 1',
    '@Retry on com.acme.Client.badSchedule(): delay = -5, must be >= 0; backoff = 0.0, must be > 0 and finite',
    '@Retry on com.acme.Client.noRecovery(int): recover = "missing": no method missing in com.acme.Client',
    '@Retry on com.acme.Client.notWoven(String) does nothing: the method is abstract',
]
expected.each { assert log.contains(it) : "build.log lacks: " + it }
return true
