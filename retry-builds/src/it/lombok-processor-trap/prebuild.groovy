// The page's Lombok pom, less the one processor path the trap is about: retry-annotations.
def pom = new File(basedir, 'pom.xml')
def path = ~(/(?s)<path>\s*(<!--.*?-->\s*)?<groupId>dev\.ajretry<\/groupId>\s*/
        + /<artifactId>retry-annotations<\/artifactId>.*?<\/path>/)
def text = pom.text
def found = (text =~ path).size()
assert found == 1 : "the page's Lombok pom should list retry-annotations once among the processors, found ${found}"
pom.text = text.replaceFirst(path, '')
assert pom.text =~ /(?s)<annotationProcessorPaths>\s*<path>\s*<groupId>org\.projectlombok<\/groupId>/ :
    'Lombok is no longer a processor'
return true
