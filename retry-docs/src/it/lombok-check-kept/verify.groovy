// The build failed (invoker.buildResult = failure) because ajretry's check ran beside Lombok, naming the value.
def log = new File(basedir, 'build.log').text
def expected = '@Retry on com.acme.Inventory.stock(String): tries = 0, must be >= 1'
assert log.contains(expected) : 'build.log lacks: ' + expected
return true
