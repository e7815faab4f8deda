// exec:java ran the main, which throws unless the call was retried; make sure it did run, with the woven class, and
// that kotlinc ran in Maven's JVM (kotlin.compiler.daemon = false): no daemon left running after the build.
def log = new File(basedir, 'build.log').text
assert log.contains('retried: sunny in Lisbon at attempt 3') : 'the main did not report the retries'
assert !log.contains('[ERROR]') : 'the build logged errors'
assert !log.contains('the daemon') : 'kotlinc ran in a daemon'
return true
