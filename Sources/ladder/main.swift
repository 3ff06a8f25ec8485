import LadderCLI

await LadderCommand.runMain()
