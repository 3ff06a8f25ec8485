import LadderCLI

await LadderCommand.main()
