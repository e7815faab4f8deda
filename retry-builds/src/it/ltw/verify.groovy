// The tests ran under the agent and passed; make sure they ran, and that the class file javac wrote is not woven
// (the retries came from the agent, not from a weaving step).
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'the tests did not run'
def classFile = new File(basedir, 'target/classes/com/acme/Inventory.class').getText('ISO-8859-1')
assert !classFile.contains('aroundBody') : 'Inventory.class was woven at build time'
return true
