// The gold attributions, by hand (see README.md beside this file). Each span is its exact text,
// or [text, context] where the context is a longer stretch that occurs once in the document and
// contains the text once. Each attribution: claim, speaker (optional), cues, sources (in order:
// nearest to the claim first).
export const GOLD = [
  {
    file: 'globalpost-russia-syria-arms.txt',
    attributions: [
      { claim: 'US is arming rebels', speaker: ['Russia', 'Russia defends arms sales to Syria, says'], cues: [['says', 'Syria, says US']] },
      {
        claim: "they are supplying Syria's pro-Assad forces with weapons",
        speaker: ['Hillary Clinton', "against Hillary Clinton's claims"],
        cues: [['claims', "Clinton's claims"]],
      },
      {
        claim: "Moscow is selling weapons to Assad's regime",
        speaker: ['Hillary Clinton', "against Hillary Clinton's allegations"],
        cues: [
          ['allegations', "Clinton's allegations"],
          ['reported', 'regime, Reuters reported'],
        ],
        sources: [['Reuters', 'regime, Reuters reported']],
      },
      {
        claim: "Russia was sending helicopters to the violence-ridden region to help dictator Bashar al-Assad's regime",
        speaker: ['Clinton', 'Tuesday, Clinton announced'],
        cues: ['announced'],
      },
      {
        claim: 'We have confronted the Russians about stopping their continued arms shipments to Syria',
        speaker: ['Clinton', '” Clinton said. “They'],
        cues: [['said', 'Clinton said. “They']],
      },
      {
        claim:
          'They have, from time to time, said that we shouldn’t worry; everything they’re shipping is unrelated to their actions internally. That’s patently untrue.',
        speaker: ['Clinton', '” Clinton said. “They'],
        cues: [['said', 'Clinton said. “They']],
      },
      { claim: 'Russia is sending attack helicopters to Syria', speaker: ['Hillary Clinton', 'Hillary Clinton: Russia'] },
      {
        claim: 'We are not violating any international law in performing these contracts',
        speaker: ['Lavrov', 'Lavrov said at a news'],
        cues: [
          ['said', 'Lavrov said at a news'],
          ['according to', "Clinton's comments, according to Reuters"],
        ],
        sources: [['Reuters', "Clinton's comments, according to Reuters"]],
      },
      {
        claim: 'the United States was supplying Syrian rebels with arms',
        speaker: 'The foreign minister',
        cues: [
          ['say', 'went on to say'],
          ['reported', 'arms, Reuters reported'],
        ],
        sources: [['Reuters', 'arms, Reuters reported']],
      },
      {
        claim: 'They are providing arms and weapons to the Syrian opposition that can be used in fighting against the Damascus government',
        speaker: ['Lavrov', 'said Lavrov on'],
        cues: [
          ['said', 'said Lavrov on'],
          ['according to', 'interpreter, according to Reuters'],
        ],
        sources: ['Iranian state television', ['Reuters', 'interpreter, according to Reuters']],
      },
      {
        claim: 'the shipments it was sending to Syria did not violate UN regulations',
        speaker: "Russia's arms export agency",
        cues: [
          ['said', 'agency also said'],
          ['reported', 'Presse reported'],
        ],
        sources: ['Agence France Presse'],
      },
      {
        claim:
          'does not supply weapons and military technology in contradiction with UN Security Council requirements and other international agreements',
        speaker: 'a spokesman',
        cues: [
          ['told', 'spokesman told'],
          ['according to', 'agency, according to AFP'],
        ],
        sources: ['the state-run RIA Novosti news agency', 'AFP'],
      },
      { claim: "Syria in danger of 'full-fledged conflict,'", speaker: "UN's Navi Pillay", cues: [['says', "says UN's"]] },
      {
        claim:
          'the US military was buying attack helicopters for Afghan forces\u00a0from the same Russian weapons company that supplied the Assad government',
        speaker: 'Texas Republican Senator John Cornyn',
        cues: [
          ['said', 'Cornyn said'],
          ['according to', 'according to the New York Times'],
        ],
        sources: ['the New York Times'],
      },
      {
        claim:
          'The focus really needs to be more on what the Assad regime is doing to its own people than the cabinets and the closets to which they turn to pull stuff out',
        speaker: 'Pentagon spokesman Captain John Kirby',
        cues: [
          ['said', 'said Pentagon'],
          ['according to', 'according to the Times'],
        ],
        sources: [['the Times', 'according to the Times']],
      },
      {
        claim: 'It’s really about what they’re doing with what they’ve got in their hand.',
        speaker: 'Pentagon spokesman Captain John Kirby',
        cues: [
          ['said', 'said Pentagon'],
          ['according to', 'according to the Times'],
        ],
        sources: [['the Times', 'according to the Times']],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#1',
    attributions: [
      {
        claim: 'external auditors arthur andersen had approved worldcom s accounting in early 2001 and 2002',
        speaker: ['ms cooper', 'but ms cooper  who'],
        cues: [['told', 'business  told a jury']],
      },
      {
        claim: 'andersen had given a  green light  to the procedures and practices used by worldcom',
        speaker: ['she', 'she said andersen'],
        cues: [['said', 'she said andersen']],
      },
      { claim: 'he was unaware of the fraud', speaker: 'mr ebber s lawyers', cues: [['said', 'lawyers have said']] },
      { claim: 'auditors did not alert him to any problems', speaker: 'mr ebber s lawyers', cues: ['arguing'] },
      {
        claim:
          'during shareholder meetings mr ebbers often passed over technical questions to the company s finance chief  giving only  brief  answers himself',
        speaker: ['ms cooper', 'ms cooper also said'],
        cues: [['said', 'also said that during']],
      },
      {
        claim: 'mr ebbers ordered accounting adjustments at the firm  telling him to  hit our books',
        speaker: 'former worldcom financial chief scott sullivan',
        cues: [['said', 'has said that mr ebbers ordered']],
      },
      {
        claim: 'mr sullivan had not mentioned  anything uncomfortable  about worldcom s accounting during a 2001 audit committee meeting',
        speaker: ['ms cooper', 'however  ms cooper said'],
        cues: [['said', 'ms cooper said mr sullivan']],
      },
      {
        claim:
          'mr ebbers orchestrated a series of accounting tricks at worldcom  ordering employees to hide expenses and inflate revenues to meet wall street earnings estimates',
        speaker: 'prosecution lawyers',
        cues: ['argued'],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#2',
    attributions: [
      {
        claim: 'its confidence index fell to 95.5 in february from 97.5 in january  its first decline in three months',
        speaker: 'munich-based research institute ifo',
        cues: [['said', 'ifo said that its']],
      },
      { claim: 'the outlook in both the manufacturing and retail sectors had worsened', speaker: 'the study', cues: ['found'] },
      {
        claim: 'we re surprised that the ifo index has taken such a knock',
        speaker: 'dz bank economist bernd weidensteiner',
        cues: [['said', 'knock   said dz']],
      },
      {
        claim: 'the main reason is probably that the domestic economy is still weak  particularly in the retail trade',
        speaker: 'dz bank economist bernd weidensteiner',
        cues: [['said', 'knock   said dz']],
      },
      { claim: 'a very mild decline', speaker: 'economy and labour minister wolfgang clement', cues: ['called'] },
      {
        claim:
          'despite the retreat  the index remained at a relatively high level and that he expected  a modest economic upswing  to continue',
        speaker: ['he', 'he said that despite'],
        cues: [['said', 'he said that despite']],
      },
      {
        claim: 'any improvement in german domestic demand was sluggish',
        speaker: 'ifo president hans-werner sinn',
        cues: [['said', 'sinn said']],
      },
      {
        claim: 'the ifo figures and germany s continuing problems may delay an interest rate rise by the european central bank',
        speaker: 'analysts',
        cues: [['said', 'analysts said']],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#3',
    attributions: [
      {
        claim: 'the world economy is worsening',
        speaker: 'citizens in a majority of nations surveyed in a bbc world service poll',
        cues: [['believe', 'poll believe']],
      },
      { claim: 'their national economy was getting worse', speaker: 'most respondents', cues: [['said', 'respondents also said']] },
      {
        claim: 'they were positive about the future',
        speaker: 'a majority in 14 countries',
        cues: [['said', 'countries said they were positive']],
      },
      {
        claim:
          'a majority or plurality of people in 13 countries believed the economy was going downhill  compared with respondents in nine countries who believed it was improving',
        speaker: ['the poll', 'the poll found'],
        cues: [['found', 'the poll found']],
      },
      {
        claim: ['the world economy was getting worse', 'country said the world economy was getting worse'],
        speaker: '44% of respondents in each country',
        cues: [['said', 'country said the world']],
      },
      { claim: ['it was improving', '34% who said it was improving'], speaker: ['34%', '34% who said'], cues: [['said', '34% who said']] },
      {
        claim:
          'while the world economy has picked up from difficult times just a few years ago  people seem to not have fully absorbed this development  though they are personally experiencing its effects',
        speaker: 'pipa director steven kull',
        cues: [['said', 'effects   said pipa']],
      },
      {
        claim: 'people around the world are saying:  i m ok  but the world isn t',
        speaker: 'pipa director steven kull',
        cues: [['said', 'effects   said pipa']],
      },
      {
        claim:
          'there may be a perception that war  terrorism and religious and political divisions are making the world a worse place  even though that has not so far been reflected in global economic performance',
        speaker: 'the bbc s elizabeth blunt',
        cues: [['says', 'performance  says']],
      },
      {
        claim: 'china has seen two decades of blistering economic growth  which has led to wealth creation on a huge scale',
        speaker: 'the bbc s louisa lim',
        cues: [['says', 'scale  says']],
      },
      {
        claim:
          'the results also may reflect the untrammelled confidence of people who are subject to endless government propaganda about their country s rosy economic future',
        speaker: 'our correspondent',
        cues: [['says', 'correspondent says']],
      },
      {
        claim:
          'one reason for that result is the changeover from the lira to the euro in 2001  which is widely viewed as the biggest reason why their wages and salaries are worth less than they used to be',
        speaker: 'the bbc s david willey',
        cues: [['says', 'rome says']],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#4',
    attributions: [
      {
        claim: 'faster  better or funkier hardware alone is not going to help phone firms sell more handsets',
        speaker: ['research', 'research suggests'],
        cues: [['suggests', 'research suggests']],
      },
      {
        claim:
          'consumers are far more interested in how handsets fit in with their lifestyle than they are in screen size  onboard memory or the chip inside',
        speaker: 'an in-depth study by handset maker ericsson',
        cues: [['shows', 'shows an in-depth']],
      },
      {
        claim: 'historically in the industry there has been too much focus on using technology',
        speaker: 'dr michael bjorn',
        cues: [['said', 'technology   said dr']],
      },
      {
        claim: 'we have to stop saying that these technologies will change their lives',
        speaker: ['he', 'lives   he said'],
        cues: [['said', 'lives   he said']],
      },
      {
        claim: 'we should try to speak to consumers in their own language and help them see how it fits in with what they are doing',
        speaker: ['he', 'doing   he told'],
        cues: [['told', 'doing   he told']],
        sources: ['the bbc news website'],
      },
      { claim: 'people s habits remain the same', speaker: ['dr bjorn', 'said dr bjorn.  they'], cues: [['said', 'same   said']] },
      {
        claim: 'they just move the activity into the mobile phone as it s a much more convenient way to do it',
        speaker: ['dr bjorn', 'said dr bjorn.  they'],
        cues: [['said', 'same   said']],
      },
      {
        claim: 'one good example of this was diary-writing among younger people',
        speaker: ['he', 'people  he said'],
        cues: [['said', 'people  he said']],
      },
      {
        claim:
          'although consumers do what they always did but use a phone to do it  the sheer variety of what the new handset technologies make possible does gradually drive new habits and lifestyles',
        speaker: ['dr bjorn', 'dr bjorn said that although'],
        cues: [['said', 'bjorn said that although']],
      },
      {
        claim: 'consumers divide into different  tribes  that use phones in different ways',
        speaker: 'ericsson s research',
        cues: [['shown', 'has shown']],
      },
      {
        claim:
          'groups dubbed  pioneers  and  materialists  were most interested in trying new things and were behind the start of many trends in phone use',
        speaker: ['dr bjorn', 'dr bjorn said groups'],
        cues: [['said', 'bjorn said groups']],
      },
      {
        claim: 'older people are using sms much more than they did five years ago',
        speaker: ['he', 'instance   he said'],
        cues: [['said', 'instance   he said']],
      },
      {
        claim: 'early reports of camera phone usage in japan seemed to imply that the innovation was going to be a flop',
        speaker: ['dr bjorn', 'dr bjorn said that early'],
        cues: [['said', 'bjorn said that early']],
      },
      {
        claim: 'now 45% of the japanese people ericsson questioned use their camera phone at least once a month',
        speaker: ['he', 'however  he said  now'],
        cues: [['said', 'however  he said  now']],
      },
      {
        claim: 'people also used their camera phones in very different ways to film and even digital cameras',
        speaker: ['dr bjorn', 'dr bjorn said that people'],
        cues: [['said', 'bjorn said that people']],
      },
      {
        claim: 'usage patterns for digital cameras are almost exactly replacing usage patterns for analogue cameras',
        speaker: ['he', 'analogue cameras   he said'],
        cues: [['said', 'analogue cameras   he said']],
      },
      {
        claim: 'camera phones were being used much more to capture a moment and were being woven into everyday life',
        speaker: ['he', 'by contrast  he said'],
        cues: [['said', 'by contrast  he said']],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#5',
    attributions: [
      {
        claim: '10 of the former directors will pay $13m from their own pockets',
        speaker: ['the university of california', 'plaintiff  the university of california'],
        cues: ['adding'],
      },
      {
        claim: 'the settlement is very significant in holding these outside directors at least partially personally responsible',
        speaker: 'william lerach',
        cues: [['said', 'enron  said.']],
      },
      {
        claim:
          'hopefully  this will help send a message to corporate boardrooms of the importance of directors performing their legal duties',
        speaker: ['he', 'duties   he added'],
        cues: ['added'],
      },
      {
        claim: 'the trial in the case is scheduled to begin in october 2006',
        speaker: ['the university of california', 'the university of california said'],
        cues: [['said', 'california said the trial']],
      },
      { claim: 'massive insider trading  and fraud', speaker: ['it', '2006. it joined'], cues: [['alleging', '2001alleging']] },
      { claim: 'it had lost $145m on its investments in the company', speaker: ['it', '2006. it joined'], cues: ['claiming'] },
    ],
  },
  {
    file: 'bbc-news-10.csv#6',
    attributions: [
      {
        claim: 'he used to play truant to spend time with his school friends at a snooker hall',
        speaker: 'conservative leader michael howard',
        cues: [['admitted', 'has admitted he used']],
      },
      {
        claim: 'his time at jack s snooker hall in llanelli in the 1950s had not done him  any lasting damage',
        speaker: ['mr howard', 'mr howard said his'],
        cues: [['said', 'howard said his']],
      },
      {
        claim: 'truancy was  very bad',
        speaker: ['he', 'but he told'],
        cues: [['told', 'he told the times']],
        sources: ['the times educational supplement'],
      },
      {
        claim: 'firm action  was needed',
        speaker: ['he', 'but he told'],
        cues: [['said', 'and said  firm']],
        sources: ['the times educational supplement'],
      },
      {
        claim: 'i don t think it s done me any lasting damage. nor has it made me a snooker world champion',
        speaker: ['he', 'he said:  i don'],
        cues: [['said', 'he said:  i don']],
      },
      {
        claim: 'there might have been some occasions when we left early of an afternoon',
        speaker: ['he', 'he said:  i don'],
        cues: [['said', 'he said:  i don']],
      },
      {
        claim: 'i m just being honest. i think truancy is a very bad thing and that firm action should be taken to deal with it',
        speaker: ['he', 'he said:  i don'],
        cues: [['said', 'he said:  i don']],
      },
      {
        claim: 'missing lessons  instead spending his days in smoky halls',
        speaker: 'jimmy  the whirlwind   white',
        cues: [['admitted', 'previously admitted']],
      },
      {
        claim: 'tony meo [another player] and me used to spend all of our spare time there',
        speaker: 'mr white',
        cues: [['said', 'mr white said']],
      },
      { claim: 'we loved the game and the atmosphere', speaker: 'mr white', cues: [['said', 'mr white said']] },
      {
        claim: 'school went out of the window. i went for a while and then started taking time off',
        speaker: 'mr white',
        cues: [['said', 'mr white said']],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#7',
    attributions: [
      {
        claim: 'wales are still not thinking of winning the grand slam despite a third six nations win',
        speaker: ['rhys williams', 'rhys williams says'],
        cues: [['says', 'williams says']],
      },
      {
        claim: 'that s the last thing on our minds at the moment',
        speaker: ['williams', 'said williams  a second'],
        cues: [['said', 'moment   said']],
      },
      {
        claim: 'we all realise how difficult a task it is to go up to scotland and beat them',
        speaker: ['williams', 'said williams  a second'],
        cues: [['said', 'moment   said']],
      },
      {
        claim:
          'we ve come unstuck there a couple of times recently so our focus is on that game and we ll worry about ireland hopefully after we ve beaten scotland',
        speaker: ['williams', 'said williams  a second'],
        cues: [['said', 'moment   said']],
      },
      {
        claim: 'they ve worked through the weekend and the reports are a bit more positive',
        speaker: 'wales assistant coach scott johnson',
        cues: [['said', 'said wales assistant']],
      },
      {
        claim: 'so we re getting a couple back and that adds to the depth of the squad',
        speaker: 'wales assistant coach scott johnson',
        cues: [['said', 'said wales assistant']],
      },
      { claim: 'the scots will be difficult opposition to break down', speaker: ['johnson', 'but johnson insisted'], cues: ['insisted'] },
      {
        claim: 'italy are really brave opposition and sometimes it s very hard to win',
        speaker: ['he', 'win   he said'],
        cues: [['said', 'win   he said']],
      },
      {
        claim: 'so an ugly win can be just as effective as a 30 or 40 point victory',
        speaker: ['he', 'win   he said'],
        cues: [['said', 'win   he said']],
      },
      {
        claim: 'scotland are a hard side and very underrated so we re not taking anything for granted',
        speaker: ['he', 'win   he said'],
        cues: [['said', 'win   he said']],
      },
      {
        claim: 'we re not basking in the glory of winning our first three games. we ve got to be diligent in our preparation',
        speaker: ['he', 'win   he said'],
        cues: [['said', 'win   he said']],
      },
      {
        claim: 'that s my job and we ve got to make sure we re focused',
        speaker: ['he', 'win   he said'],
        cues: [['said', 'win   he said']],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#8',
    attributions: [
      {
        claim: 'you have explored the possibilities of film with an immense talent',
        speaker: ['mr de vabres', 'talent   mr de vabres'],
        cues: [['said', 'vabres said as']],
      },
      {
        claim: 'hollywood  which created modern cinema  uses it only as a commodity',
        speaker: ['parker', 'parker praised'],
        cues: ['saying'],
      },
      {
        claim: 'i am honoured to be thus distinguished by france  the flag carrier of cinema throughout the world',
        speaker: ['he', 'commodity.  he told'],
        cues: [['told', 'he told the minister']],
      },
      {
        claim:
          'through your work and your campaigns  you have shown us how the artist occupies an essential place in our contemporary society',
        speaker: ['mr de vabres', 'society   mr de vabres'],
        cues: [['said', 'vabres said.  through']],
      },
      {
        claim:
          'through your dreams which you show us  through the links that you weave  you question the world through the mirror of your work',
        speaker: ['mr de vabres', 'society   mr de vabres'],
        cues: [['said', 'vabres said.  through']],
      },
      { claim: 'veritable artistic commitment against the death sentence', speaker: ['he', 'work.  he also'], cues: ['cited'] },
    ],
  },
  {
    file: 'bbc-news-10.csv#9',
    attributions: [
      {
        claim: 'it was determined to retain mercedes  position as the world s most successful luxury brand',
        speaker: ['the firm', 'the firm said'],
        cues: [['said', 'firm said']],
      },
      {
        claim: 'while all these divisions are doing well the big worries continue to surround mercedes-benz',
        speaker: 'michael rabb',
        cues: [['told', 'oppenheim  told']],
        sources: [['reuters', 'told reuters']],
      },
      {
        claim: 'the year 2004 shows that our strategy works well - even in such a challenging competitive environment',
        speaker: 'jurgen schrempp',
        cues: [['said', 'environment   said']],
      },
      {
        claim: 'significant improvements  in profitability in 2006 as a result of a major investment in the mercedes product range',
        speaker: ['it', 'however  it is'],
        cues: ['expecting'],
      },
    ],
  },
  {
    file: 'bbc-news-10.csv#10',
    attributions: [
      {
        claim: 'the sequel took $44.7m (£23.2m) between 24 and 26 december',
        cues: [['according to', 'according to studio']],
        sources: ['studio estimates'],
      },
      {
        claim: 'when christmas falls on a weekend  it s bad for business',
        speaker: 'paul dergarabedian',
        cues: [['said', 'business   said']],
      },
    ],
  },
];
