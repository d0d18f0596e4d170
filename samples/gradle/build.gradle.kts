// The Maven sample (../maven) as a Gradle build: Kotlin DSL, a Java 25 toolchain. Needs Gradle 9.1 or
// newer (the first to run on and compile for Java 25). Run: gradle run    Test: gradle test
// Weft comes from your ~/.m2, where `mvn -q -pl weft-core -am install -DskipTests` in the Weft
// repository puts it. Weft's CI does not build this sample: no Gradle that supports Java 25 is in the
// package registries it can use; it builds and runs the Maven one.
plugins {
    application
}

repositories {
    mavenLocal() // dev.weft:weft-core, installed from the Weft repository
    mavenCentral()
}

dependencies {
    implementation("dev.weft:weft-core:0.1.0-SNAPSHOT")
    testImplementation("org.junit.jupiter:junit-jupiter:5.14.1")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
}

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(25)
    }
}

// Weft's fast backend needs this on every JVM that runs it (not on javac).
val weftFlag = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"

application {
    mainClass = "com.example.Main"
    applicationDefaultJvmArgs = listOf(weftFlag) // gradle run, and the scripts of gradle installDist
}

tasks.test {
    useJUnitPlatform()
    jvmArgs(weftFlag)
}

// The same program and test as the Maven sample, so the two cannot differ; in your own project they
// are simply src/main/java and src/test/java.
sourceSets {
    main { java.srcDir("../maven/src/main/java") }
    test { java.srcDir("../maven/src/test/java") }
}
