console.log("npm start: not yet implemented");
process.exitCode = 1;
