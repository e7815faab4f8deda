// The fat jar, run as a user runs it: java -jar on a free port. SelfCheck (--selfcheck) calls the controller, whose
// @RequestParam has no explicit name, through the woven, retrying service, and exits 0 only if all is as expected.
def log = new File(basedir, 'build.log').text
assert !log.contains('[ERROR]') : 'the build logged errors'
def jar = new File(basedir, 'target/boot-1.0.jar')
assert jar.isFile() : 'no fat jar'
def java = new File(System.getProperty('java.home'), 'bin/java').path
def process = new ProcessBuilder(java, '-jar', jar.path, '--server.port=0', '--selfcheck')
        .directory(basedir).redirectErrorStream(true).start()
def output = new StringBuilder()
process.consumeProcessOutput(output, output)
// a guard against a hung application only: it ends by itself in a few seconds
process.waitForOrKill(300_000)
new File(basedir, 'run.log').text = output.toString()
assert output.contains('self-check: parameter names in the class file: true; '
        + 'GET /forecast?city=Lisbon: sunny in Lisbon at attempt 3; passed') :
    'the application did not pass its self-check; see run.log:\n' + output
assert process.exitValue() == 0 : 'java -jar exited with ' + process.exitValue() + '; see run.log'
return true
