import PasserelleApp

await Launch.main()
