// The pom is the block README.md marks "doc: maven-project readme-setup", as it stands (docs/design.md).
def pom = dev.ajretry.docs.Markdown.mavenProject(java.nio.file.Path.of(docsRoot), basedir.name)
new File(basedir, 'pom.xml').text = pom
return true
