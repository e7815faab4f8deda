// exec:java ran the main, which throws unless the call was retried; make sure it did run, with the woven class.
def log = new File(basedir, 'build.log').text
assert log.contains('retried: north answered 12 at attempt 3') : 'the main did not report the retries'
assert !log.contains('[ERROR]') : 'the build logged errors'
return true
