// The build failed (invoker.buildResult = failure); it must be ajretry's check, run by javac beside Lombok, that
// failed it, naming each invalid value.
def log = new File(basedir, 'build.log').text
def expected = [
    '@Retry on com.acme.Ledger.balance(String): tries = 0, must be >= 1',
    '@Retry on com.acme.Ledger.settle(): delay = -5, must be >= 0; backoff = 0.0, must be > 0 and finite',
]
expected.each { assert log.contains(it) : 'build.log lacks: ' + it }
assert log =~ /Failed to execute goal org\.apache\.maven\.plugins:maven-compiler-plugin:[^ ]+:compile/ :
    'the build did not fail in javac'
assert !log.contains('cannot find symbol') : 'Lombok did not run: its getter is missing'
return true
