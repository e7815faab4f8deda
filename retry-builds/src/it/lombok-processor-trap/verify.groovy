// The build succeeded although @Retry(tries = 0) is invalid: the check never ran. The first call failed instead.
def log = new File(basedir, 'build.log').text
assert !log.contains('[ERROR]') : 'the build logged errors'
assert log.contains('built, then failed at the first call: '
        + '@Retry on com.acme.Ledger.balance(String): tries = 0, must be >= 1') :
    'the main did not report the failure at the first call'
return true
