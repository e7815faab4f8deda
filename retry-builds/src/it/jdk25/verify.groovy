// exec:java ran the main, which throws unless the call was retried; the class file must be Java 25's.
def log = new File(basedir, 'build.log').text
assert log.contains('retried: 12 at attempt 3') : 'the main did not report the retries'
assert !log.contains('[ERROR]') : 'the build logged errors'
def bytes = new File(basedir, 'target/classes/com/acme/Inventory.class').bytes
def major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff)
assert major == 69 : "Inventory.class has major version ${major}, not Java 25's 69"
return true
