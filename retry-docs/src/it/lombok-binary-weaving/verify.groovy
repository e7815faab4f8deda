// The build succeeded: javac ran Lombok and ajretry's check, then ajc wove the classes; the woven class retries.
def log = new File(basedir, 'build.log').text
assert !log.contains('[ERROR]') : 'the build logged errors'
def repo = localRepositoryPath.toString()
def jars = [
    "dev/ajretry/retry-annotations/${ajretryVersion}/retry-annotations-${ajretryVersion}.jar",
    "dev/ajretry/retry-aspect/${ajretryVersion}/retry-aspect-${ajretryVersion}.jar",
    "org/aspectj/aspectjrt/${aspectjVersion}/aspectjrt-${aspectjVersion}.jar",
    "org/slf4j/slf4j-api/${slf4jVersion}/slf4j-api-${slf4jVersion}.jar",
].collect { new File(repo, it) }
jars.each { assert it.isFile() : "missing from the test repository: " + it }
def urls = ([new File(basedir, 'target/classes')] + jars).collect { it.toURI().toURL() } as URL[]
def loader = new URLClassLoader(urls, ClassLoader.platformClassLoader)
def type = loader.loadClass('com.acme.Inventory')
def inventory = type.getConstructor(String).newInstance('warehouse-7')   // Lombok's @RequiredArgsConstructor
def result = type.getMethod('stock', String).invoke(inventory, 'sku-1')
assert result == 'warehouse-7 sku-1: 12 in stock (attempt 3)' : "not retried as configured: " + result
return true
