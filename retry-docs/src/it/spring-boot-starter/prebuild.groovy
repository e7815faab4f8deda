// This project's pom is the block a page marks "doc: maven-project <this directory's name>", as it stands there
// (docs/design.md, "Docs are tests"): written here, before the build, from the Markdown itself.
def pom = dev.ajretry.docs.Markdown.mavenProject(java.nio.file.Path.of(docsRoot), basedir.name)
new File(basedir, 'pom.xml').text = pom
return true
