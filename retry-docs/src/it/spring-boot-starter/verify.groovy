// The build succeeded, so its @SpringBootTest passed: the bean was retried three times and the ajretry endpoint
// listed it. Make sure the test really ran.
def log = new File(basedir, 'build.log').text
assert !log.contains('[ERROR]') : 'the build logged errors'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'the application test did not run'
return true
